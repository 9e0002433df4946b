package io.llmrouter.camel;

import io.llmrouter.api.Json;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code llm:models}: the enabled models of the catalog as OpenAI's list JSON, each with the router's extra facts
 * (provider, prices, context window, capabilities) under the same object.
 */
public class LlmModelsProducer extends DefaultProducer {

    private String cached;

    public LlmModelsProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public LlmEndpoint getEndpoint() {
        return (LlmEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        cached = Json.string(getEndpoint().engine().models());
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(cached);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }
}
