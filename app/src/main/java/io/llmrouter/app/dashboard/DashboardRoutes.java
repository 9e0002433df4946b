package io.llmrouter.app.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;

import io.llmrouter.api.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard on the gateway's router: the page's static files under {@code /ui/} (public: they hold no data) and its
 * data at {@code GET /admin/dashboard}, behind the master key like the rest of {@code /admin/*}.
 */
public final class DashboardRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardRoutes.class);
    /** The page runs only its own scripts, talks only to its own origin and cannot be framed by another site. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private DashboardRoutes() {
    }

    /** Mounts the page and its data; returns the routes so they can be removed. */
    public static List<Route> mount(Router router, Dashboard dashboard, IntSupplier inFlight) {
        UiFiles files = new UiFiles();
        List<Route> routes = new ArrayList<>();
        routes.add(router.route(HttpMethod.GET, "/admin/dashboard").order(-899)
                .handler(ctx -> data(ctx, dashboard, inFlight)));
        // to the page's own path, so that its relative links resolve under /ui/ ("/ui" routes match "/ui/" as well)
        routes.add(router.route(HttpMethod.GET, "/ui").order(-899).handler(ctx -> {
            if (ctx.request().path().equals("/ui")) {
                ctx.redirect("/ui/");
            } else {
                ctx.next();
            }
        }));
        routes.add(router.route(HttpMethod.GET, "/ui/*").order(-898).handler(ctx -> file(ctx, files)));
        return routes;
    }

    private static void data(RoutingContext ctx, Dashboard dashboard, IntSupplier inFlight) {
        int front = inFlight.getAsInt();
        // the cluster view may ask Hazelcast and the ledger is a database: both off the event loop
        Callable<Buffer> read = () -> {
            Map<String, Object> out = dashboard.report(() -> front);
            try {
                out.put("ledger", dashboard.ledger().current());
            } catch (RuntimeException e) {
                LOG.warn("the dashboard could not read the spend ledger: {}", e.toString());
                out.put("ledger", Map.of("error", "the spend ledger could not be read; see the gateway's log"));
            }
            return Buffer.buffer(Json.bytes(out));
        };
        ctx.vertx().executeBlocking(read, false).onComplete(ar -> {
            if (ctx.response().ended()) {
                return;
            }
            if (ar.failed()) {
                LOG.warn("the dashboard's data could not be made", ar.cause());
                ctx.response().setStatusCode(500);
                ctx.response().end();
                return;
            }
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(ar.result());
        });
    }

    private static void file(RoutingContext ctx, UiFiles files) {
        String path = ctx.normalizedPath();
        UiFiles.File f = files.get(path.equals("/ui/index.html") ? "/ui/" : path);
        if (f == null) {
            ctx.next(); // the gateway's 404
            return;
        }
        var response = ctx.response();
        response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader(HttpHeaders.ETAG, f.etag());
        if (f.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, f.type()).end(f.bytes());
    }
}
