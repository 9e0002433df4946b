package io.llmrouter.camel;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** An endpoint that answers at once with JSON and calls no model ({@code llm:models}, {@code llm:route}, ...). */
abstract class JsonAnswerProducer extends DefaultProducer {

    JsonAnswerProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public LlmEndpoint getEndpoint() {
        return (LlmEndpoint) super.getEndpoint();
    }

    /** The JSON answer, as a String or bytes (the form the request came in). */
    abstract Object answer(Exchange exchange);

    @Override
    public final void process(Exchange exchange) {
        Object json = answer(exchange);
        exchange.getMessage().setBody(json);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }
}
