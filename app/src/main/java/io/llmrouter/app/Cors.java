package io.llmrouter.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

/**
 * Cross-origin access to {@code /v1/*} for the web origins configured ({@code LLMROUTER_CORS_ORIGINS}), so a browser
 * application can call the gateway: preflights answered 204 with the methods and headers the OpenAI and Anthropic
 * browser SDKs send, answers readable with the router's decision headers. Vert.x's {@link CorsHandler} does the
 * protocol; this class only decides who gets it. Another origin's requests pass unchanged, without CORS headers, so the
 * browser keeps its page from reading them (CorsHandler would fail them with a bare 403 instead).
 */
final class Cors {

    /** Headers a page may send, beyond the CORS-safelisted ones. */
    static final Set<String> ALLOWED_HEADERS = Set.of("authorization", "x-api-key", "content-type",
            "anthropic-version", "anthropic-beta", "anthropic-dangerous-direct-browser-access", "openai-organization",
            "openai-project", "x-request-id", "traceparent", "tracestate");
    /** And every header of these families: the router's preferences and the OpenAI and Anthropic SDKs' telemetry. */
    static final List<String> ALLOWED_PREFIXES = List.of("x-llmrouter-", "x-stainless-");
    /** The router's decision headers, and the others a client reads, made readable to the page. */
    static final Set<String> EXPOSED_HEADERS = Set.of("x-llmrouter-model", "x-llmrouter-provider",
            "x-llmrouter-strategy", "x-llmrouter-attempts", "x-llmrouter-cost-usd", "x-llmrouter-overhead-ms",
            "x-llmrouter-ranking", "x-llmrouter-budget-warning", "x-llmrouter-cache", "x-llmrouter-assignment",
            "x-llmrouter-rule", "x-request-id", "retry-after", "x-should-retry");
    /** How long a browser may reuse a preflight's answer. */
    static final int MAX_AGE_SECONDS = 600;

    private final Set<String> origins;
    private final CorsHandler handler;

    private Cors(List<String> origins) {
        this.origins = Set.copyOf(origins);
        // no allowed-headers list: CorsHandler then allows what the preflight asks, which handle() has filtered
        this.handler = CorsHandler.create()
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS))
                .exposedHeaders(EXPOSED_HEADERS).maxAgeSeconds(MAX_AGE_SECONDS);
        if (anyOrigin()) {
            handler.addOrigin("*");
        } else {
            handler.addOrigins(new ArrayList<>(origins));
        }
    }

    /** @return null when no origin is configured: CORS off */
    static Cors of(List<String> origins) {
        return origins.isEmpty() ? null : new Cors(origins);
    }

    void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null || !anyOrigin() && !origins.contains(origin)) {
            ctx.next();
            return;
        }
        String requested = ctx.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        if (ctx.request().method() == HttpMethod.OPTIONS && requested != null) {
            ctx.request().headers().set(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, allowed(requested));
        }
        handler.handle(ctx);
    }

    private boolean anyOrigin() {
        return origins.contains("*");
    }

    /** The requested headers the page may send; the browser refuses the request if one it needs is left out. */
    static String allowed(String requested) {
        List<String> out = new ArrayList<>();
        for (String h : requested.split(",")) {
            String name = h.trim().toLowerCase(Locale.ROOT);
            if (ALLOWED_HEADERS.contains(name) || ALLOWED_PREFIXES.stream().anyMatch(name::startsWith)) {
                out.add(name);
            }
        }
        return String.join(",", out);
    }
}
