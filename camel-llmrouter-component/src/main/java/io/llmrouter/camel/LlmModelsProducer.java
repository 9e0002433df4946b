package io.llmrouter.camel;

import io.llmrouter.api.Json;
import org.apache.camel.Exchange;

/**
 * {@code llm:models}: the enabled models of the catalog as OpenAI's list JSON, each with the router's extra facts
 * (provider, prices, context window, capabilities) under the same object.
 */
public class LlmModelsProducer extends JsonAnswerProducer {

    private String cached;

    public LlmModelsProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        cached = Json.string(getEndpoint().engine().models());
    }

    @Override
    Object answer(Exchange exchange) {
        return cached;
    }
}
