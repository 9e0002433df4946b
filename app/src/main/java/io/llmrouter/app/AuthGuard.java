package io.llmrouter.app;

import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.openai.OpenAiDialect;
import io.llmrouter.governance.AuthMode;
import io.llmrouter.governance.Caller;
import io.llmrouter.governance.Credentials;
import io.llmrouter.governance.Governance;
import io.llmrouter.governance.KeyMaterial;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler of every request, before its body is read: {@code /v1/*} needs a valid virtual key when keys are
 * on, {@code /admin/*} the master key (never a virtual key), and so does {@code /metrics} once a master key is set
 * (its labels name keys and teams; without a master key it is open, like {@code /health}). The caller found is kept
 * on the routing context for the front door. Answers 401/403 in the caller's API's error shape.
 */
final class AuthGuard {

    /** The routing context key of the authenticated {@link Caller}. */
    static final String CALLER = "llmrouter.caller";
    /** The read-only admin views open to local callers while there is no master key and keys are off. */
    private static final java.util.Set<String> OPEN_LOCALLY = java.util.Set.of("/admin/cluster", "/admin/dashboard");

    private final Governance governance;
    private final SecuritySettings settings;
    private final java.util.function.BiConsumer<RoutingContext, LlmException> onRefused;

    /** @param onRefused told of each request turned away, after its answer is written */
    AuthGuard(Governance governance, SecuritySettings settings,
              java.util.function.BiConsumer<RoutingContext, LlmException> onRefused) {
        this.governance = governance;
        this.settings = settings;
        this.onRefused = onRefused;
    }

    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        // /ui is only the dashboard's static files, with no data in them: a browser cannot send the master key on a
        // page load, so the page asks for it and sends it on its calls to /admin/dashboard, which is guarded here
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            admin(ctx);
        } else if ((path.equals(MetricsEndpoint.PATH) || path.startsWith(MetricsEndpoint.PATH + "/"))
                   && settings.masterKey() != null) { // Vert.x serves /metrics for /metrics/ too
            admin(ctx);
        } else if (path.startsWith("/v1/") && governance.mode() == AuthMode.KEYS) {
            caller(ctx);
        } else {
            ctx.next();
        }
    }

    private void admin(RoutingContext ctx) {
        String presented = Credentials.secret(ctx.request()::getHeader);
        String master = settings.masterKey();
        if (master == null) {
            if (openWithoutMasterKey(ctx)) {
                ctx.next();
                return;
            }
            refuse(ctx, LlmException.of(ErrorKind.FORBIDDEN, 403, "The admin API is off: set LLMROUTER_MASTER_KEY "
                    + "to use it.", null, null, null, null));
        } else if (Credentials.matches(presented, master)) {
            ctx.next();
        } else if (presented != null && presented.startsWith(KeyMaterial.PREFIX)) {
            refuse(ctx, LlmException.of(ErrorKind.FORBIDDEN, 403, "The admin API takes the master key, not a virtual "
                    + "key.", null, null, null, null));
        } else {
            refuse(ctx, LlmException.of(ErrorKind.UNAUTHENTICATED, 401, presented == null
                    ? "The admin API needs the master key: 'Authorization: Bearer <master key>'."
                    : "Invalid master key.", null, "invalid_api_key", null, null));
        }
    }

    /**
     * Without a master key only the read-only views (the cluster, the dashboard's data) are served, and only for local
     * use: keys off, a caller on this machine, not another site's page (no Origin header: a browser sends none on the
     * dashboard's own same-origin GETs, but does on a cross-origin call a web page makes for its visitor), and a
     * loopback Host (a site whose name was rebound to 127.0.0.1 is not the dashboard's origin). Behind a local proxy
     * the caller looks local, which is why nothing that changes state is open this way.
     */
    private boolean openWithoutMasterKey(RoutingContext ctx) {
        return governance.mode() == AuthMode.NONE && ctx.request().method() == HttpMethod.GET
               && OPEN_LOCALLY.contains(ctx.normalizedPath()) && ctx.request().getHeader("Origin") == null
               && ctx.request().remoteAddress() != null && isLoopback(ctx.request().remoteAddress().host())
               && loopbackHost(ctx.request().authority());
    }

    private static boolean loopbackHost(HostAndPort authority) {
        if (authority == null) {
            return false;
        }
        String host = authority.host();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equalsIgnoreCase("localhost") || isLoopback(host);
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.startsWith("127.") || host.equals("::1")
               || host.equals("0:0:0:0:0:0:0:1");
    }

    private void caller(RoutingContext ctx) {
        CompletableFuture<Caller> found = governance.authenticate(Credentials.secret(ctx.request()::getHeader));
        if (found.isDone()) {
            admitted(ctx, found);
            return;
        }
        // the key is looked up in the store: hold the body until the answer, then go on on this request's loop
        ctx.request().pause();
        Context context = Vertx.currentContext();
        found.whenComplete((c, e) -> context.runOnContext(v -> {
            ctx.request().resume();
            admitted(ctx, found);
        }));
    }

    private void admitted(RoutingContext ctx, CompletableFuture<Caller> found) {
        Caller caller;
        try {
            caller = found.join();
        } catch (RuntimeException e) {
            refuse(ctx, LlmException.unwrap(e));
            return;
        }
        ctx.put(CALLER, caller);
        ctx.next();
    }

    private void refuse(RoutingContext ctx, LlmException e) {
        if (!ctx.response().ended()) {
            ResponseWriter.error(ctx.response(), e, ctx.request().path().startsWith("/v1/")
                    ? FrontDoor.dialectOf(ctx.request()) : OpenAiDialect.INSTANCE);
            onRefused.accept(ctx, e);
        }
    }
}
