package io.llmrouter.examples.embedded;

import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.openai.OpenAiDialect;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Answers a route's failure as OpenAI's error JSON with its status (400 for a malformed request, 404 for an unknown
 * model, 502/503 when every model failed), where platform-http would otherwise answer a bare 500.
 */
public final class OpenAiErrors implements Processor {

    @Override
    public void process(Exchange exchange) {
        LlmException failure = LlmException.unwrap(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, OpenAiDialect.INSTANCE.status(failure));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(OpenAiDialect.INSTANCE.errorBody(failure));
    }
}
