package io.llmrouter.engine;

import java.util.List;
import java.util.function.Consumer;

import io.llmrouter.api.LlmException;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.scoring.Ranking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered listeners as one: a listener that throws is logged and never fails the request. */
final class Listeners implements RequestListener {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<RequestListener> all;

    Listeners(List<RequestListener> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public void ranked(RouteOptions options, Ranking ranking) {
        each(l -> l.ranked(options, ranking));
    }

    @Override
    public void answered(RouteOptions options, Routed<?> routed) {
        each(l -> l.answered(options, routed));
    }

    @Override
    public void failed(RouteOptions options, LlmException error) {
        each(l -> l.failed(options, error));
    }

    @Override
    public void streamEnded(RouteOptions options, Deployment deployment, Usage usage, double costUsd,
                            LlmException error) {
        each(l -> l.streamEnded(options, deployment, usage, costUsd, error));
    }

    private void each(Consumer<RequestListener> event) {
        for (int i = 0; i < all.size(); i++) {
            RequestListener l = all.get(i);
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("request listener {} failed", l.getClass().getName(), e);
            }
        }
    }
}
