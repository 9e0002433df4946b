package io.llmrouter.camel;

import java.util.Map;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Json;
import org.apache.camel.Exchange;

/**
 * {@code llm:route}: the routing decision for a chat request (ranking with score components, exclusions with
 * reasons) as JSON, without calling any model. Bad input raises the same {@link io.llmrouter.api.LlmException}s as
 * {@code llm:chat}.
 */
public class LlmRouteProducer extends JsonAnswerProducer {

    public LlmRouteProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    Object answer(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        BodyForm form = BodyForm.of(body);
        ChatRequest request = form.read(body);
        Map<String, Object> decision = getEndpoint().engine().explain(request,
                getEndpoint().routeOptions(exchange, request.removeExtra("router")));
        return form == BodyForm.BYTES ? Json.bytes(decision) : Json.string(decision);
    }
}
