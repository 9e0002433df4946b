package io.llmrouter.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.app.dashboard.Dashboard;
import io.llmrouter.app.dashboard.DashboardRoutes;
import io.llmrouter.camel.LlmHeaders;
import io.llmrouter.dialect.Dialect;
import io.llmrouter.dialect.anthropic.AnthropicDialect;
import io.llmrouter.dialect.anthropic.AnthropicModels;
import io.llmrouter.dialect.completions.CompletionsDialect;
import io.llmrouter.dialect.openai.OpenAiDialect;
import io.llmrouter.dialect.responses.ResponsesDialect;
import io.llmrouter.engine.SteeringOptions;
import io.llmrouter.governance.Caller;
import io.llmrouter.governance.Credentials;
import io.llmrouter.governance.Governance;
import io.llmrouter.responses.ResponseStore;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Producer;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot endpoints of the OpenAI- and Anthropic-compatible front door, mounted on the Camel Main HTTP server's Vert.x router. Each
 * request becomes an exchange sent asynchronously into a YAML route ({@code direct:chat-completions},
 * {@code direct:embeddings}, {@code direct:messages}, ...), so an in-flight request holds no thread, and streamed answers are written event by event.
 * (platform-http consumers run every exchange on a blocking worker thread and buffer streams in Camel 4.18.)
 */
public final class FrontDoor extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(FrontDoor.class);

    /** The paths served here, the Camel endpoints their exchanges go to, and the API each speaks. */
    static final Map<String, Door> PATHS = Map.of(
            "/v1/chat/completions", new Door("direct:chat-completions", OpenAiDialect.INSTANCE),
            "/v1/embeddings", new Door("direct:embeddings", OpenAiDialect.INSTANCE),
            "/v1/route", new Door("direct:route", OpenAiDialect.INSTANCE),
            "/v1/messages", new Door("direct:messages", AnthropicDialect.INSTANCE),
            "/v1/messages/count_tokens", new Door("direct:messages-count-tokens", AnthropicDialect.INSTANCE),
            "/v1/responses", new Door("direct:responses", ResponsesDialect.INSTANCE),
            "/v1/completions", new Door("direct:completions", CompletionsDialect.INSTANCE));

    /** Where a path's exchanges go, and the API its answers are written in. */
    record Door(String endpoint, Dialect dialect) {
    }

    /** The exchange property holding the path's {@link Dialect}, which routes can read (and llm:responses sets). */
    static final String DIALECT_PROPERTY = LlmHeaders.DIALECT_PROPERTY;
    private static final String BODY_TIMER = "llmrouter.bodyTimer";

    /** The read-only paths: the model list (and each model under it) here, the others platform-http routes. */
    static final String MODELS = "/v1/models";
    static final java.util.Set<String> GET_PATHS = java.util.Set.of(MODELS, "/health", "/ready");
    /** The model list's endpoint, as routes/gateway.yaml names it. */
    static final String MODELS_ENDPOINT = "direct:models";

    private final CamelContext camel;
    private final GatewayOptions options;
    private final InFlightLimit inFlight;
    private final AuthGuard guard;
    private final SecuritySettings security;
    private List<RequestObserver> observers = List.of();
    private Tracing tracing;
    private GeoIpRegions geoIp;
    private final AdminApi admin;
    private final List<Route> routes = new ArrayList<>();
    private GatewayListener listener;

    /** Added as a context service after configuration, it starts after Camel Main's HTTP server and before the routes. */
    public FrontDoor(CamelContext camel, GatewayOptions options, Governance governance, SecuritySettings security) {
        this.camel = camel;
        this.options = options;
        this.inFlight = new InFlightLimit(options.maxInFlight());
        this.guard = new AuthGuard(governance, security, this::refused);
        this.security = security;
        this.admin = new AdminApi(governance);
    }

    /** Requests admitted and not yet answered. */
    int inFlight() {
        return inFlight.inFlight();
    }

    /** The port the gateway listens on. */
    int port() {
        return listener != null ? listener.port()
                : camel.hasService(MainHttpServer.class).getRouter().getServer().getServer().actualPort();
    }

    @Override
    protected void doStart() throws Exception {
        MainHttpServer server = camel.hasService(MainHttpServer.class);
        if (server == null) {
            throw new IllegalStateException("the HTTP server is not running: set camel.server.enabled=true");
        }
        Router router = server.getRouter();
        observers = List.copyOf(camel.getRegistry().findByType(RequestObserver.class));
        tracing = camel.getRegistry().findSingleByType(Tracing.class); // null: tracing off
        geoIp = camel.getRegistry().findSingleByType(GeoIpRegions.class); // null: callers' regions by header only
        // before anything reads a body: who is calling
        routes.add(router.route().order(-2000).handler(guard::handle));
        routes.addAll(admin.mount(router));
        CatalogReload reload = camel.getRegistry().findSingleByType(CatalogReload.class);
        if (reload != null) {
            routes.addAll(reload.mount(router));
        }
        MetricsEndpoint metrics = camel.getRegistry().findSingleByType(MetricsEndpoint.class);
        if (metrics != null) {
            routes.addAll(metrics.mount(router));
        }
        ResponseStore responses = camel.getRegistry().findSingleByType(ResponseStore.class);
        if (responses != null) {
            routes.addAll(new StoredResponsesApi(responses).mount(router));
        }
        Dashboard dashboard = camel.getRegistry().findSingleByType(Dashboard.class);
        if (dashboard != null) {
            routes.addAll(DashboardRoutes.mount(router, dashboard, inFlight::inFlight));
        }
        Cors cors = Cors.of(security.corsOrigins());
        if (cors != null) {
            // before the guard: a browser's preflight carries no credentials
            routes.add(router.route("/v1/*").order(-2100).handler(cors::handle));
        }
        mountModels(router);
        for (Map.Entry<String, Door> path : PATHS.entrySet()) {
            Endpoint endpoint = camel.getEndpoint(path.getValue().endpoint());
            Dialect dialect = path.getValue().dialect();
            Producer producer = endpoint.createProducer();
            producer.start();
            AsyncProcessor processor = AsyncProcessorConverterHelper.convert(producer);
            // a route of its own: Vert.x takes no handler before the body handler on one route (it reads nothing)
            routes.add(router.route(HttpMethod.POST, path.getKey()).order(-1001)
                    .handler(ctx -> beforeBody(ctx, dialect)));
            Route route = router.route(HttpMethod.POST, path.getKey()).order(-1000)
                    .handler(BodyHandler.create(false).setBodyLimit(options.bodyLimit()))
                    .handler(ctx -> {
                        bodyArrived(ctx);
                        handle(ctx, endpoint, processor, dialect, m -> { });
                    })
                    .failureHandler(ctx -> onFailure(ctx, dialect));
            routes.add(route);
            // Any other method on the path gets OpenAI's error JSON rather than Vert.x's empty 405.
            routes.add(router.route(path.getKey()).order(-999)
                    .handler(ctx -> methodNotAllowed(ctx, dialect, "POST")));
        }
        // Whatever no route takes (unknown paths, other methods on the GET paths) also gets OpenAI's error JSON.
        routes.add(router.route().last().handler(FrontDoor::unknownUrl));
        listener = GatewayListener.takeOver(server, options.headerReadTimeoutMillis(), options.idleTimeoutMillis(),
                options.eventLoops());
    }

    @Override
    protected void doStop() throws Exception {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        routes.forEach(Route::remove);
        routes.clear();
    }

    /**
     * What the headers alone decide, before a byte of the body is read: a content type the gateway does not take
     * (415) and a full gateway (429) are answered at once, with the connection closed since the body is left unread.
     * Then the body's deadline: a body that has not arrived in time is answered 408 and its connection closed;
     * otherwise a caller sending a byte now and then holds a connection and an in-flight slot for ever (the
     * listener's timeouts stop once the headers are in).
     */
    private void beforeBody(RoutingContext ctx, Dialect dialect) {
        if (!acceptsContentType(ctx, dialect)) {
            return;
        }
        if (inFlight.full()) {
            Observation refused = new Observation(RequestIds.of(ctx.request()), ctx.request().path(), dialect,
                    ctx.get(AuthGuard.CALLER));
            ctx.response().putHeader(RequestIds.HEADER, refused.requestId);
            inFlight.refuseEarly(ctx.response(), dialect);
            observe(refused.summary(429, "gateway_overloaded"));
            return;
        }
        long millis = options.bodyReadTimeoutMillis();
        if (millis > 0) {
            long timer = ctx.vertx().setTimer(millis, id -> {
                ctx.remove(BODY_TIMER);
                if (!ctx.response().headWritten()) {
                    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                    ResponseWriter.error(ctx.response(), LlmException.of(ErrorKind.INVALID_REQUEST, 408,
                            "The request body did not arrive within " + millis + " ms.", null, "request_timeout",
                            null, null), dialect).onComplete(ar -> ctx.request().connection().close());
                }
            });
            ctx.put(BODY_TIMER, timer);
            ctx.addEndHandler(v -> bodyArrived(ctx));
        }
        ctx.next();
    }

    private static void bodyArrived(RoutingContext ctx) {
        Long timer = ctx.remove(BODY_TIMER);
        if (timer != null) {
            ctx.vertx().cancelTimer(timer);
        }
    }

    /**
     * GET /v1/models and /v1/models/{id}: OpenAI's list and model objects, or Anthropic's for an Anthropic client. The id
     * is the rest of the path, slashes included ({@code /v1/models/openai/gpt-4o}), or percent-encoded as the SDKs send
     * it ({@code openai%2Fgpt-4o}).
     */
    private void mountModels(Router router) throws Exception {
        Endpoint endpoint = camel.getEndpoint(MODELS_ENDPOINT);
        Producer producer = endpoint.createProducer();
        producer.start();
        AsyncProcessor processor = AsyncProcessorConverterHelper.convert(producer);
        for (String path : List.of(MODELS, MODELS + "/*")) {
            routes.add(router.route(HttpMethod.GET, path).order(-1000).handler(BodyHandler.create(false)
                    .setBodyLimit(options.bodyLimit())).handler(ctx -> {
                        String raw = ctx.request().path();
                        String id = raw.length() > MODELS.length() + 1 ? modelId(raw.substring(MODELS.length() + 1))
                                : null;
                        String query = ctx.request().query();
                        handle(ctx, endpoint, processor, dialectOf(ctx.request()), m -> {
                            m.setHeader(LlmHeaders.MODEL_ID, id);
                            m.setHeader(Exchange.HTTP_QUERY, query);
                        });
                    }).failureHandler(ctx -> onFailure(ctx, dialectOf(ctx.request()))));
        }
        routes.add(router.route(MODELS + "/*").order(-999)
                .handler(ctx -> methodNotAllowed(ctx, dialectOf(ctx.request()), "GET")));
    }

    /** A path segment's text: percent-escapes decoded ('+' is a plus in a path, not a space). */
    private static String modelId(String raw) {
        try {
            return java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw; // a stray '%': looked up as written, and not found
        }
    }

    /**
     * The dialect errors on a request's path are written in: Anthropic's on every {@code /v1/messages} path (unknown
     * ones included) and, for an Anthropic client (its SDKs always send {@code anthropic-version}), on the model list;
     * else OpenAI's.
     */
    static Dialect dialectOf(HttpServerRequest request) {
        String path = request.path();
        boolean anthropic = path.equals("/v1/messages") || path.startsWith("/v1/messages/")
                || (path.equals(MODELS) || path.startsWith(MODELS + "/"))
                   && request.getHeader(AnthropicModels.VERSION_HEADER) != null;
        return anthropic ? AnthropicDialect.INSTANCE : OpenAiDialect.INSTANCE;
    }

    /**
     * JSON only, answered 415 otherwise (text/plain, forms and multipart were read as JSON and accepted). A request
     * without a Content-Type is read as JSON, like OpenAI's API does: {@code curl --data-binary @body.json} with no
     * header, or a minimal client, keeps working. An explicit non-JSON type, curl's default form type for {@code -d}
     * included, is a 415 naming it, so a mistake is seen rather than guessed around.
     */
    private static boolean acceptsContentType(RoutingContext ctx, Dialect dialect) {
        String header = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (header == null || header.isBlank()) {
            return true;
        }
        String[] parts = header.split(";", -1); // -1: a header of only separators still has a (blank) type
        String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
        String problem = null;
        if (!type.equals("application/json")) {
            problem = "Unsupported Content-Type '" + header.strip() + "': send the request body as application/json.";
        } else {
            for (int i = 1; i < parts.length; i++) {
                String[] param = parts[i].split("=", 2);
                if (param[0].trim().equalsIgnoreCase("charset") && param.length == 2) {
                    String charset = param[1].trim().replace("\"", "").toLowerCase(java.util.Locale.ROOT);
                    if (!charset.equals("utf-8") && !charset.equals("utf8") && !charset.equals("us-ascii")) {
                        problem = "Unsupported charset in Content-Type '" + header.strip()
                                  + "': send the request body as UTF-8 JSON.";
                    }
                }
            }
        }
        if (problem == null) {
            return true;
        }
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close"); // the body is left unread
        ResponseWriter.error(ctx.response(), LlmException.of(ErrorKind.INVALID_REQUEST, 415, problem, null,
                "unsupported_media_type", null, null), dialect);
        return false;
    }

    /** @param request sets what the path adds to the message, after the caller's headers */
    private void handle(RoutingContext ctx, Endpoint endpoint, AsyncProcessor processor, Dialect dialect,
                        java.util.function.Consumer<org.apache.camel.Message> request) {
        Caller caller = ctx.get(AuthGuard.CALLER);
        Observation observation = new Observation(RequestIds.of(ctx.request()), ctx.request().path(), dialect,
                caller);
        ctx.response().putHeader(RequestIds.HEADER, observation.requestId);
        if (!inFlight.admit(ctx.response(), dialect)) {
            observe(observation.summary(429, "gateway_overloaded"));
            return;
        }
        Exchange exchange = endpoint.createExchange(ExchangePattern.InOut);
        CancelToken cancel = new CancelToken();
        exchange.setProperty(LlmHeaders.CANCEL_TOKEN_PROPERTY, cancel);
        exchange.setProperty(DIALECT_PROPERTY, dialect);
        exchange.setProperty(LlmHeaders.TRACE_PROPERTY, observation);
        if (tracing != null) {
            observation.traced(tracing.start(ctx.request()));
        }
        if (caller != null) {
            exchange.setProperty(LlmHeaders.CALLER_PROPERTY, caller);
        }
        // a caller's Camel* headers are dropped, as platform-http drops them: they would set the llm: endpoints' own
        // (CamelLlmStreamFormat would turn the answer into an InputStream this writer does not send)
        // nor the caller's credentials: they were checked, and a route that logs its headers must not show them
        ctx.request().headers().forEach(h -> {
            if (!h.getKey().regionMatches(true, 0, "Camel", 0, 5) && !isCredential(h.getKey())) {
                exchange.getMessage().setHeader(h.getKey(), h.getValue());
            }
        });
        if (geoIp != null && exchange.getMessage().getHeader(SteeringOptions.REGION_HEADER) == null) {
            String region = geoIp.region(ctx.request()); // in memory: microseconds, fine on the event loop
            if (region != null) {
                exchange.getMessage().setHeader(SteeringOptions.REGION_HEADER, region);
            }
        }
        request.accept(exchange.getMessage());
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        exchange.getMessage().setBody(body);
        observation.requestBody(body);
        HttpServerResponse response = ctx.response();
        // Once per request, when the response ends or the connection closes first (then the caller left: cancel). The
        // routing context's end handlers, not the response's own handlers: a response has one of each, and setting
        // them would unhook every other end handler (the listener's per-connection idle tracking among them).
        ctx.addEndHandler(ended -> {
            inFlight.leave();
            if (ended.failed() && !response.ended()) {
                cancel.cancel();
            }
            observe(observation.ended(ended.failed() && !response.ended() ? 499 : response.getStatusCode()));
        });
        processor.process(exchange, doneSync -> ResponseWriter.write(response, exchange, observation));
    }

    /** A request the guard turned away before its body was read. */
    private void refused(RoutingContext ctx, LlmException e) {
        if (!observers.isEmpty() && ctx.request().path().startsWith("/v1/")) {
            Observation o = new Observation(RequestIds.of(ctx.request()), ctx.request().path(),
                    dialectOf(ctx.request()), null);
            observe(o.summary(e.status(), e.code()));
        }
    }

    private void observe(RequestSummary summary) {
        for (RequestObserver o : observers) {
            try {
                o.requestEnded(summary);
            } catch (RuntimeException e) {
                LOG.warn("request observer {} failed: {}", o, e.toString());
            }
        }
    }

    private static boolean isCredential(String header) {
        return header.equalsIgnoreCase(Credentials.AUTHORIZATION) || header.equalsIgnoreCase(Credentials.API_KEY);
    }

    private static void methodNotAllowed(RoutingContext ctx, Dialect dialect, String allowed) {
        ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
        ResponseWriter.error(ctx.response(), LlmException.of(ErrorKind.INVALID_REQUEST, 405, "Invalid method for URL ("
                + ctx.request().method() + " " + ctx.request().path() + "): use " + allowed + ".", null, null, null,
                null), dialect);
    }

    private static void unknownUrl(RoutingContext ctx) {
        String path = ctx.request().path();
        if (GET_PATHS.contains(path)) {
            methodNotAllowed(ctx, dialectOf(ctx.request()), "GET");
            return;
        }
        ResponseWriter.error(ctx.response(), LlmException.of(ErrorKind.INVALID_REQUEST, 404, "Unknown request URL: "
                + ctx.request().method() + " " + path + ".", null, "unknown_url", null, null), dialectOf(ctx.request()));
    }

    /**
     * A failure raised by Netty's HTTP decoder while the body was read (it reaches routes as a plain exception, e.g. a
     * NumberFormatException for a bad chunk size). Judged by where it was thrown, the first frame outside the JDK:
     * handlers run inside the decoder's call too, so a handler's own failure has the decoder deeper in its stack.
     */
    private static boolean isFramingFailure(Throwable failure) {
        if (failure instanceof DecoderException) {
            return true;
        }
        if (failure != null) {
            for (StackTraceElement frame : failure.getStackTrace()) {
                String at = frame.getClassName();
                if (!at.startsWith("java.") && !at.startsWith("jdk.") && !at.startsWith("sun.")) {
                    return at.startsWith("io.netty.handler.codec.");
                }
            }
        }
        return false;
    }

    private static void onFailure(RoutingContext ctx, Dialect dialect) {
        int status = ctx.statusCode();
        LlmException error;
        if (isFramingFailure(ctx.failure())) {
            // Netty could not decode the body (a bad chunk size): the caller's fault. Vert.x closes the connection as
            // soon as this handler returns, before it flushes what was written while reading: flush the answer first.
            LOG.debug("Request body to {} could not be read: {}", ctx.request().path(), String.valueOf(ctx.failure()));
            if (!ctx.response().ended() && !ctx.response().headWritten()) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                ResponseWriter.error(ctx.response(), LlmException.of(ErrorKind.INVALID_REQUEST, 400,
                        "The request body could not be read: malformed chunked framing (e.g. a bad chunk size).", null,
                        null, null, null), dialect);
                GatewayListener.flush(ctx.request().connection());
            }
            return;
        }
        if (ctx.failure() instanceof HttpClosedException) {
            return; // the caller left while sending: nobody to answer
        }
        if (status == 413) {
            error = LlmException.of(ErrorKind.REQUEST_TOO_LARGE, 413,
                    "The request body is larger than the gateway's limit.", null, null, null, null);
        } else if (status >= 400 && status < 500) {
            error = LlmException.of(ErrorKind.INVALID_REQUEST, status, "The request could not be read.", null, null,
                    null, null);
        } else {
            LOG.warn("Request to {} failed", ctx.request().path(), ctx.failure());
            error = LlmException.of(ErrorKind.INTERNAL, "The gateway failed to handle the request.");
        }
        if (!ctx.response().ended() && !ctx.response().headWritten()) {
            ResponseWriter.error(ctx.response(), error, dialect);
        }
    }

}
