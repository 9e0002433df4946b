package io.llmrouter.camel;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * {@code llm:route}: the routing decision for a chat request (ranking with score components, exclusions with
 * reasons) as JSON, without calling any model. Bad input raises the same {@link io.llmrouter.api.LlmException}s as
 * {@code llm:chat}. Asynchronous: the learned strategy embeds the prompt on a worker before it ranks.
 */
public class LlmRouteProducer extends DefaultAsyncProducer {

    public LlmRouteProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public LlmEndpoint getEndpoint() {
        return (LlmEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Object body = exchange.getMessage().getBody();
        try {
            BodyForm form = BodyForm.of(body);
            ChatRequest request = form.read(body);
            getEndpoint().engine().explain(request, getEndpoint().routeOptions(exchange, request.removeExtra("router")))
                    .whenComplete((decision, error) -> {
                        if (error != null) {
                            exchange.setException(LlmException.unwrap(error));
                        } else {
                            exchange.getMessage().setBody(form == BodyForm.BYTES ? Json.bytes(decision)
                                    : Json.string(decision));
                            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                        }
                        callback.done(false);
                    });
            return false;
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }
}
