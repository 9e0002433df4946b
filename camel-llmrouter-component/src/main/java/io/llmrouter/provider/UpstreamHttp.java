package io.llmrouter.provider;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.time.Clock;
import io.llmrouter.time.VertxClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VertxException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The non-blocking HTTP client all adapters share: pooled keep-alive connections on the Vert.x event loops, so an
 * in-flight call holds a socket, never a thread. Each event loop has a pool of its own (Vert.x hands an idle
 * connection to any caller, whatever its loop): a call made on an event loop then runs on that loop from the caller's
 * request to the upstream's answer, with no hand-over between threads, which cost a wake-up each way. Connections to
 * one origin are opened a few at a time ({@link ConnectionGate}); idle ones are closed after
 * {@link #KEEP_ALIVE_SECONDS}, so the pool shrinks back after a burst.
 */
public final class UpstreamHttp implements AutoCloseable {

    /** Requests per origin that may wait for a connection at once, unless configured. */
    public static final int DEFAULT_MAX_CONNECTING = 16;
    /** Idle pooled connections are closed after this; shorter than the providers' own idle timeouts (60 s and up). */
    static final int KEEP_ALIVE_SECONDS = 30;
    private static final String USER_AGENT = "camel-llmrouter/0.1";

    private final Vertx vertx;
    private final Clock clock;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    /** The pools of the event loops, by their thread. */
    private final ConcurrentHashMap<Thread, HttpClient> loops = new ConcurrentHashMap<>();
    /** For calls made off the event loops (a worker, a test's thread). */
    private final HttpClient shared;
    private volatile boolean closed;
    private final int maxConnecting;
    private final ConcurrentHashMap<String, ConnectionGate> gates = new ConcurrentHashMap<>();

    /** On the real clock. */
    public UpstreamHttp(Vertx vertx, int maxConnectionsPerHost) {
        this(vertx, new VertxClock(vertx), maxConnectionsPerHost, DEFAULT_MAX_CONNECTING);
    }

    /** @param clock times the adapters' request, first-token and stall timeouts */
    public UpstreamHttp(Vertx vertx, Clock clock, int maxConnectionsPerHost, int maxConnectingPerHost) {
        this.vertx = vertx;
        this.clock = clock;
        if (maxConnectingPerHost < 1) {
            throw new IllegalArgumentException("maxConnectingPerHost must be at least 1, was " + maxConnectingPerHost);
        }
        this.maxConnecting = maxConnectingPerHost;
        this.options = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setTcpNoDelay(true)
                .setVerifyHost(true)
                .setTryUseCompression(false)
                .setDecompressionSupported(true);
        this.pool = new PoolOptions().setHttp1MaxSize(maxConnectionsPerHost).setMaxWaitQueueSize(-1);
        this.shared = vertx.createHttpClient(options, pool);
    }

    public Vertx vertx() {
        return vertx;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Posts a JSON body and hands the response to {@code read} as its headers arrive, on the thread that then delivers
     * its body, so the handlers {@code read} sets miss nothing (Vert.x drops what arrives before a handler is set).
     * The future is {@code read}'s. The request is reset when the options' cancel token fires before its response
     * has ended. The options' headers (an attempt's trace context) go out too, under the adapter's own.
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
        options.headers().forEach(h::set);
        headers.forEach(h::set);
        RequestOptions ro = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setHeaders(h)
                .setConnectTimeout(connectTimeout.toMillis());
        // keyed as the connection pool keys its connections, from the URL Vert.x has just parsed
        ConnectionGate gate = gates.computeIfAbsent((Boolean.TRUE.equals(ro.isSsl()) ? "https://" : "http://") + ro.getHost() + ":"
                + ro.getPort(), o -> new ConnectionGate(maxConnecting));
        Promise<T> result = Promise.promise();
        Runnable connect = () -> {
            if (options.cancel().isCancelled()) {
                gate.connected();
                result.tryFail(LlmException.of(ErrorKind.CANCELLED, "The request was cancelled"));
                return;
            }
            Future<HttpClientRequest> request;
            try {
                request = client().request(ro);
            } catch (RuntimeException e) {
                request = Future.failedFuture(e);
            }
            request.onComplete(ar -> {
                gate.connected();
                if (ar.succeeded()) {
                    options.connected().set(true);
                }
            });
            // handlers chained on the client's own futures, so they are set on the request's context before any of
            // the response's events run there
            request.compose(req -> {
                // Resetting an exchange whose response has ended would close its connection, which is back in the
                // pool and may already carry another request. The check runs where the response's events do, after
                // the one in progress (a cancel from inside an end handler comes before the end is recorded).
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
            }).onComplete(ar -> {
                if (ar.succeeded()) {
                    result.handle(ar);
                } else {
                    // a turn later, once an error answer's connection is back in the pool (see StreamAttempt)
                    vertx.runOnContext(v -> result.handle(ar));
                }
            });
        };
        // started at once on the caller's thread, or later from another request's: then on the caller's context
        Context caller = vertx.getOrCreateContext();
        ConnectionGate.Entry entry = new ConnectionGate.Entry(connect, () -> caller.runOnContext(v -> connect.run()));
        // a request still queued for a connection when its caller goes (or its time runs out) ends at once
        options.cancel().onCancel(() -> {
            if (gate.abandon(entry)) {
                result.tryFail(LlmException.of(ErrorKind.CANCELLED, "The request was cancelled"));
            }
        });
        gate.submit(entry);
        return result.future();
    }

    /** The pool of the event loop this runs on, else the shared one. */
    private HttpClient client() {
        if (closed || !Context.isOnEventLoopThread()) {
            return shared; // once closed, the shared client refuses the call: no new pool outlives close()
        }
        return loops.computeIfAbsent(Thread.currentThread(), t -> vertx.createHttpClient(options, pool));
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
        // before the timeouts: a connect timeout (Netty's is a ConnectException) is the upstream not accepting the
        // connection, not time spent waiting inside the gateway
        if (root instanceof ConnectException) {
            return LlmException.of(ErrorKind.CONNECT_FAILED, "Cannot connect to upstream " + url + ": " + what);
        }
        if (root instanceof TimeoutException || root.getClass().getSimpleName().contains("Timeout")) {
            return LlmException.of(ErrorKind.TIMEOUT, "Upstream " + url + " timed out: " + what);
        }
        if (root instanceof ClosedChannelException || what.contains("reset") || what.contains("closed")) {
            return LlmException.of(ErrorKind.CONNECT_FAILED, "Upstream " + url + " closed the connection: " + what);
        }
        if (root instanceof IOException || root instanceof VertxException) {
            return LlmException.of(ErrorKind.CONNECT_FAILED, "Upstream " + url + " failed: " + what);
        }
        // not a network failure: the gateway could not make the call (e.g. a URL it cannot send); never the provider's
        return LlmException.of(ErrorKind.INTERNAL, 500, "The gateway could not call upstream " + url + ": " + what,
                null, null, null, t);
    }

    @Override
    public void close() {
        closed = true;
        loops.values().forEach(HttpClient::close);
        loops.clear();
        shared.close();
    }
}
