package io.llmrouter.camel;

import io.llmrouter.api.LlmException;
import io.llmrouter.engine.LlmEngine;
import org.apache.camel.AsyncCallback;
import io.llmrouter.governance.AuthMode;
import io.llmrouter.governance.Credentials;
import io.llmrouter.governance.Governance;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
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
        Governance governance = getEndpoint().getComponent().getGovernance();
        if (governance != null && governance.mode() == AuthMode.KEYS
            && exchange.getProperty(LlmHeaders.CALLER_PROPERTY) == null) {
            // not authenticated by the transport (an embedding route): the caller's own headers
            Message m = exchange.getMessage();
            engine.onEventLoop(governance.authenticate(Credentials.secret(name -> m.getHeader(name, String.class))))
                    .whenComplete((caller, e) -> {
                        try {
                            if (e != null) {
                                exchange.setException(LlmException.unwrap(e));
                                callback.done(false);
                                return;
                            }
                            exchange.setProperty(LlmHeaders.CALLER_PROPERTY, caller);
                            run(exchange, callback, false);
                        } catch (RuntimeException failure) {
                            exchange.setException(failure);
                            callback.done(false);
                        }
                    });
            return false;
        }
        return run(exchange, callback, true);
    }

    /** @param sync whether this is still the thread that called {@link #process} */
    private boolean run(Exchange exchange, AsyncCallback callback, boolean sync) {
        try {
            dispatch(engine, exchange, callback);
            return false;
        } catch (LlmException | IllegalArgumentException e) {
            exchange.setException(e);
            callback.done(sync);
            return sync;
        }
    }
}
