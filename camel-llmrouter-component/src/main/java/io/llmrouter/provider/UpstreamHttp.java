package io.llmrouter.provider;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The one non-blocking HTTP client all adapters share: pooled keep-alive connections on the Vert.x event loops, so an
 * in-flight call holds a socket, never a thread.
 */
public final class UpstreamHttp implements AutoCloseable {

    private static final String USER_AGENT = "camel-llmrouter/0.1";

    private final Vertx vertx;
    private final HttpClient client;

    public UpstreamHttp(Vertx vertx, int maxConnectionsPerHost) {
        this.vertx = vertx;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setVerifyHost(true)
                .setTryUseCompression(false)
                .setDecompressionSupported(true);
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(maxConnectionsPerHost)
                .setMaxWaitQueueSize(-1));
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * Posts a JSON body and hands the response to {@code read} as its headers arrive, on the thread that then delivers
     * its body, so the handlers {@code read} sets miss nothing (Vert.x drops what arrives before a handler is set).
     * The future is {@code read}'s. The request is reset when the options' cancel token fires before its response
     * has ended.
     */
    public <T> Future<T> post(String url, Map<String, String> headers, Buffer body, Duration connectTimeout,
                              CallOptions options, String accept, Function<HttpClientResponse, Future<T>> read) {
        if (!isEscaped(url)) {
            // Netty refuses such a request line on the event loop, where the failure is lost and the pooled
            // connection left waiting for an answer that never comes: refuse it here, as the gateway's own fault
            return Future.failedFuture(LlmException.of(ErrorKind.INTERNAL,
                    "Refusing to send to an upstream URL that is not fully escaped: " + url));
        }
        MultiMap h = MultiMap.caseInsensitiveMultiMap()
                .set(HttpHeaders.CONTENT_TYPE, "application/json")
                .set(HttpHeaders.ACCEPT, accept)
                .set(HttpHeaders.USER_AGENT, USER_AGENT);
        headers.forEach(h::set);
        RequestOptions ro = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setHeaders(h)
                .setConnectTimeout(connectTimeout.toMillis());
        return client.request(ro).compose(req -> {
            // Resetting an exchange whose response has ended would close its connection, which is back in the pool
            // and may already carry another request. The check runs where the response's events do, after the one
            // in progress (a cancel from inside an end handler comes before the end is recorded).
            Context context = vertx.getOrCreateContext();
            AtomicBoolean ended = new AtomicBoolean();
            options.cancel().onCancel(() -> context.runOnContext(v -> {
                if (!ended.get()) {
                    req.reset();
                }
            }));
            return req.send(body).compose(resp -> {
                resp.end().onComplete(ar -> ended.set(true));
                return read.apply(resp);
            });
        });
    }

    /** Whether the URL is printable ASCII only, as a request line must be: every other character escaped. */
    private static boolean isEscaped(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Maps a transport failure to its kind; the message names the URL but never headers or keys. */
    public static LlmException classify(Throwable t, String url) {
        if (t instanceof LlmException e) {
            return e;
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof TimeoutException || root.getClass().getSimpleName().contains("Timeout")) {
            return LlmException.of(ErrorKind.TIMEOUT, "Upstream " + url + " timed out: " + what);
        }
        if (root instanceof ConnectException) {
            return LlmException.of(ErrorKind.CONNECT_FAILED, "Cannot connect to upstream " + url + ": " + what);
        }
        if (root instanceof ClosedChannelException || what.contains("reset") || what.contains("closed")) {
            return LlmException.of(ErrorKind.CONNECT_FAILED, "Upstream " + url + " closed the connection: " + what);
        }
        return LlmException.of(ErrorKind.CONNECT_FAILED, "Upstream " + url + " failed: " + what);
    }

    @Override
    public void close() {
        client.close();
    }
}
