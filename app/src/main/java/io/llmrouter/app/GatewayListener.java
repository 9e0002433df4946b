package io.llmrouter.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's listening socket, taken over from Camel Main's HTTP server to give connections what that server does
 * not expose in Camel 4.18 ({@code camel.server.*} has no timeouts, its {@code HttpServerOptions} are built inside
 * {@code VertxPlatformHttpServer}, and a Vert.x server's connection and invalid-request handlers only count when set
 * before it listens):
 * <ul>
 * <li>a header-read timeout: a new connection that has not sent its first request's headers in time is closed (Vert.x
 * has none, so 200 connections each sending a header line every 5 s were held forever);</li>
 * <li>an idle timeout that runs only while no request is in flight on the connection. Vert.x's own
 * {@link HttpServerOptions#setIdleTimeout(int)} counts silence in both directions, so it would cut a non-streamed LLM
 * call that is legitimately silent for longer than it: it is not used;</li>
 * <li>malformed requests (bad request line, oversized headers) answered in OpenAI's error shape, then closed.</li>
 * </ul>
 * A Vert.x server that listens on the port another server of the same Vert.x instance listens on shares its socket, so
 * this one listens first, then Camel's is closed: the port is never closed in between, and Camel's router (with
 * the platform-http routes and the {@link FrontDoor} mounted on it) keeps serving every request.
 */
final class GatewayListener {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayListener.class);
    private static final String TRACKED = "llmrouter.tracked";

    private final Vertx vertx;
    private final long headerReadMillis;
    private final long idleMillis;
    private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> deployments = new ArrayList<>();
    private io.vertx.ext.web.Route trackRoute;

    private GatewayListener(Vertx vertx, long headerReadMillis, long idleMillis) {
        this.vertx = vertx;
        this.headerReadMillis = headerReadMillis;
        this.idleMillis = idleMillis;
    }

    /**
     * Takes over the socket of Camel Main's server; blocks until it is done. With TLS configured on that server
     * ({@code camel.server.useGlobalSslContextParameters}) it is left alone, without these timeouts, and null is
     * returned: Camel builds its TLS options with package-private code this class cannot reuse.
     */
    static GatewayListener takeOver(MainHttpServer main, long headerReadMillis, long idleMillis, int eventLoops)
            throws Exception {
        if (main.isUseGlobalSslContextParameters() || main.getSslContextParameters() != null) {
            LOG.warn("TLS is configured on camel.server: the header-read and idle timeouts are not applied");
            return null;
        }
        VertxPlatformHttpServer platform = main.getRouter().getServer();
        HttpServer camelServer = platform.getServer();
        if (!(camelServer.requestHandler() instanceof Router router)) {
            throw new IllegalStateException("Camel's HTTP server does not serve a Vert.x router: "
                    + camelServer.requestHandler());
        }
        GatewayListener listener = new GatewayListener(platform.getVertx(), headerReadMillis, idleMillis);
        // first of the router's routes: every request Camel's server would serve is counted while in flight
        listener.trackRoute = router.route().order(Integer.MIN_VALUE).handler(listener::track);
        // One server per event loop on the same port: Vert.x shares the socket and deals connections out among them,
        // so the gateway uses every core (a single server serves all its connections on one event loop). Port 0 (any
        // free port) is never shared in Vert.x, a negative one is: a free port that these servers share.
        int port = main.getPort() == 0 ? -1 : camelServer.actualPort();
        for (int i = 0; i < eventLoops; i++) {
            listener.servers.add(listener.listen(router, port, main.getHost()));
        }
        camelServer.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.debug("listening on {}:{} with {} event loops (header read timeout {} ms, idle timeout {} ms)",
                main.getHost(), listener.port(), eventLoops, headerReadMillis, idleMillis);
        return listener;
    }

    /**
     * A server listening from an event loop of its own: a verticle instance gets a context of its own, and a server
     * serves its connections on the context it was started from.
     */
    private HttpServer listen(Router router, int port, String host) throws Exception {
        // Cleartext HTTP/2 off: while Vert.x waits to see whether a connection speaks h2c it creates no connection, so a
        // client that never finishes its first headers would be out of reach of the header-read timeout. LLM clients
        // speak HTTP/1.1 in cleartext (HTTP/2 comes with TLS, where the TLS handshake timeout covers the same case).
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                .connectionHandler(this::connected)
                .invalidRequestHandler(GatewayListener::invalid)
                .requestHandler(router);
        deployments.add(vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                server.listen(port, host).<Void>mapEmpty().onComplete(started);
            }
        }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        return server;
    }

    int port() {
        return servers.get(0).actualPort();
    }

    /** Stops listening and takes back what it added: its routing hook and the verticles its servers ran in. */
    void close() throws Exception {
        for (HttpServer server : servers) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        for (String id : deployments) {
            vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (trackRoute != null) {
            trackRoute.remove();
        }
    }

    /**
     * Writes out what was written on the connection now. While Vert.x reads from a connection it holds writes back
     * until the read completes, and a decoding failure closes the connection before that: an answer to it is lost
     * unless flushed here. (Vert.x's API has no flush; its connection class is public and offers the Netty channel.)
     */
    static void flush(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channel().flush();
        }
    }

    private void connected(HttpConnection connection) {
        Watch watch = new Watch(connection);
        watches.put(connection, watch);
        connection.closeHandler(v -> {
            watch.cancel();
            watches.remove(connection);
        });
        watch.arm(headerReadMillis);
    }

    private void track(RoutingContext ctx) {
        Watch watch = watches.get(ctx.request().connection());
        if (watch != null && ctx.get(TRACKED) == null) {
            ctx.put(TRACKED, Boolean.TRUE);
            watch.begin();
            ctx.addEndHandler(v -> watch.end());
        }
        ctx.next();
    }

    /** Netty could not parse the request line or headers: answer in OpenAI's shape (as Vert.x would, in its), then close. */
    private static void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = 400;
        String message = "The request could not be read: malformed HTTP request line or headers.";
        if (cause instanceof TooLongFrameException && cause.getMessage() != null) {
            if (cause.getMessage().startsWith("An HTTP line is larger than")) {
                status = 414;
                message = "The request line is longer than the gateway's limit.";
            } else if (cause.getMessage().startsWith("HTTP header is larger than")) {
                status = 431;
                message = "The request headers are larger than the gateway's limit.";
            }
        }
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
        ResponseWriter.error(request.response(), LlmException.of(ErrorKind.INVALID_REQUEST, status, message, null,
                null, null, null), FrontDoor.dialectOf(request)).onComplete(ar -> request.connection().close());
    }

    /**
     * One connection's deadline: the header-read timeout from accept until its first request, then the idle timeout
     * whenever its last request in flight has ended. Used on the connection's event loop only.
     */
    private final class Watch {

        private final HttpConnection connection;
        private int inFlight;
        private long timer = -1;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void begin() {
            inFlight++;
            cancel();
        }

        void end() {
            if (--inFlight == 0) {
                arm(idleMillis);
            }
        }

        void arm(long millis) {
            cancel();
            if (millis > 0) {
                timer = vertx.setTimer(millis, id -> {
                    timer = -1;
                    if (inFlight == 0) {
                        connection.close();
                    }
                });
            }
        }

        void cancel() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
