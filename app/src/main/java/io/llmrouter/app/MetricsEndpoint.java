package io.llmrouter.app;

import java.util.List;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.openai.OpenAiDialect;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the Prometheus text exposition of the gateway's meters. Behind the master key when one is set
 * ({@link AuthGuard}): the labels name keys and teams. Scraped on a worker thread, since the budget gauges read the
 * keys from the store.
 */
final class MetricsEndpoint {

    static final String PATH = "/metrics";
    /** The Prometheus text format, version 0.0.4: what every Prometheus-compatible scraper reads. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final PrometheusMeterRegistry registry;
    private final BudgetGauges budgets;

    MetricsEndpoint(PrometheusMeterRegistry registry, BudgetGauges budgets) {
        this.registry = registry;
        this.budgets = budgets;
    }

    /** Mounts the route; returns it so it can be removed. */
    List<Route> mount(Router router) {
        return List.of(router.route(HttpMethod.GET, PATH).order(-898).handler(this::scrape));
    }

    private void scrape(RoutingContext ctx) {
        ctx.vertx().executeBlocking(() -> {
            budgets.refresh();
            return registry.scrape();
        }, false).onComplete(ar -> {
            if (ctx.response().ended()) {
                return;
            }
            if (ar.succeeded()) {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(Buffer.buffer(ar.result()));
            } else {
                LOG.warn("metrics scrape failed", ar.cause());
                ResponseWriter.error(ctx.response(), LlmException.of(ErrorKind.INTERNAL, "The metrics could not be "
                        + "read; see the gateway's log."), OpenAiDialect.INSTANCE);
            }
        });
    }
}
