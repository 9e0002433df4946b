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
     * Posts a JSON body; the future yields the response once its headers are in (the body is not read yet). The
     * request is reset when the options' cancel token fires. A listener added to the returned future may run after
     * body bytes were delivered (and dropped, with no handler set): to read the body, use the overload with
     * {@code onResponse}.
     */
    public Future<HttpClientResponse> post(String url, Map<String, String> headers, Buffer body, Duration connectTimeout,
                                           CallOptions options, String accept) {
        return post(url, headers, body, connectTimeout, options, accept, Future::succeededFuture);
    }

    /**
     * Posts a JSON body and calls {@code onResponse} with the response as soon as its headers are in, before any body
     * byte is delivered, so that the handlers it sets (or {@code body()}) see the whole body. The request is reset when
     * the options' cancel token fires.
     */
    public <T> Future<T> post(String url, Map<String, String> headers, Buffer body, Duration connectTimeout,
                              CallOptions options, String accept, Function<HttpClientResponse, Future<T>> onResponse) {
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
            // Reset only while the exchange is under way: once the response has ended its connection is back in the
            // pool, and resetting this finished request would close the connection under another request.
            AtomicBoolean ended = new AtomicBoolean();
            options.cancel().onCancel(() -> {
                if (!ended.get()) {
                    req.reset();
                }
            });
            // registered before the request is sent, so it runs as the headers arrive: a fast upstream cannot
            // deliver its body before a listener added later would have set the handlers
            Future<T> result = req.response().compose(resp -> {
                resp.end().onComplete(v -> ended.set(true));
                return onResponse.apply(resp);
            });
            req.end(body);
            return result;
        });
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
