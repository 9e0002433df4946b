package io.llmrouter.camel;

import io.llmrouter.api.LlmException;
import io.llmrouter.engine.LlmEngine;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * An endpoint that routes a request through the engine ({@code llm:chat}, {@code llm:messages}): the exchange continues
 * on the thread that received the upstream answer, never blocking; bad input fails the exchange at once.
 */
abstract class RoutingProducer extends DefaultAsyncProducer {

    private LlmEngine engine;

    RoutingProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public LlmEndpoint getEndpoint() {
        return (LlmEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        engine = getEndpoint().engine();
    }

    /** Reads the exchange and starts the request; {@code callback} is called when the answer (or failure) is set. */
    abstract void dispatch(LlmEngine engine, Exchange exchange, AsyncCallback callback);

    @Override
    public final boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            dispatch(engine, exchange, callback);
            return false;
        } catch (LlmException | IllegalArgumentException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }
}
