package io.llmrouter.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.camel.LlmHeaders;
import io.vertx.core.http.HttpMethod;
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
 * The hot endpoints of the OpenAI-compatible front door, mounted on the Camel Main HTTP server's Vert.x router. Each
 * request becomes an exchange sent asynchronously into a YAML route ({@code direct:chat-completions},
 * {@code direct:embeddings}), so an in-flight request holds no thread, and streamed answers are written event by event.
 * (platform-http consumers run every exchange on a blocking worker thread and buffer streams in Camel 4.18.)
 */
public final class FrontDoor extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(FrontDoor.class);

    /** The paths served here and the Camel endpoints their exchanges go to. */
    static final Map<String, String> PATHS = Map.of(
            "/v1/chat/completions", "direct:chat-completions",
            "/v1/embeddings", "direct:embeddings",
            "/v1/route", "direct:route");

    private final CamelContext camel;
    private final long bodyLimit;
    private final List<Route> routes = new ArrayList<>();

    /** Added as a context service after configuration, it starts after Camel Main's HTTP server and before the routes. */
    public FrontDoor(CamelContext camel, long bodyLimit) {
        this.camel = camel;
        this.bodyLimit = bodyLimit;
    }

    @Override
    protected void doStart() throws Exception {
        MainHttpServer server = camel.hasService(MainHttpServer.class);
        if (server == null) {
            throw new IllegalStateException("the HTTP server is not running: set camel.server.enabled=true");
        }
        Router router = server.getRouter();
        for (Map.Entry<String, String> path : PATHS.entrySet()) {
            Endpoint endpoint = camel.getEndpoint(path.getValue());
            Producer producer = endpoint.createProducer();
            producer.start();
            AsyncProcessor processor = AsyncProcessorConverterHelper.convert(producer);
            Route route = router.route(HttpMethod.POST, path.getKey()).order(-1000)
                    .handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
                    .handler(ctx -> handle(ctx, endpoint, processor))
                    .failureHandler(FrontDoor::onFailure);
            routes.add(route);
        }
    }

    @Override
    protected void doStop() {
        routes.forEach(Route::remove);
        routes.clear();
    }

    private void handle(RoutingContext ctx, Endpoint endpoint, AsyncProcessor processor) {
        long start = System.nanoTime();
        Exchange exchange = endpoint.createExchange(ExchangePattern.InOut);
        CancelToken cancel = new CancelToken();
        exchange.setProperty(LlmHeaders.CANCEL_TOKEN_PROPERTY, cancel);
        ctx.request().headers().forEach(h -> exchange.getMessage().setHeader(h.getKey(), h.getValue()));
        exchange.getMessage().setBody(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        HttpServerResponse response = ctx.response();
        // the caller went away before its answer; over HTTP/2 the handler also runs when a finished stream closes
        response.closeHandler(v -> {
            if (!response.ended()) {
                cancel.cancel();
            }
        });
        processor.process(exchange, doneSync -> ResponseWriter.write(response, exchange, start));
    }

    private static void onFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        LlmException error;
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
            ResponseWriter.error(ctx.response(), error);
        }
    }

}
