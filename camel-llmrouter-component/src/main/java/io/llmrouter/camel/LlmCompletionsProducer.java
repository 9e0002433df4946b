package io.llmrouter.camel;

import java.nio.charset.StandardCharsets;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.dialect.completions.CompletionsDialect;
import io.llmrouter.dialect.completions.CompletionsRequestReader;
import io.llmrouter.dialect.completions.TextCompletion;
import io.llmrouter.engine.LlmEngine;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code llm:completions}: OpenAI's legacy Completions API in front of the same engine. The prompt becomes one user
 * message routed to any chat model; the answer comes back as {@code text_completion} JSON in the form the body came
 * in. A streamed request answers with a canonical {@link io.llmrouter.api.ChatStream}, to be written with
 * {@link CompletionsDialect}, or in the {@code sse} stream format with its events already written.
 */
public class LlmCompletionsProducer extends RoutingProducer {

    public LlmCompletionsProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void dispatch(LlmEngine engine, Exchange exchange, AsyncCallback callback) {
        Message in = exchange.getMessage();
        boolean asString = in.getBody() instanceof String;
        ChatRequest request = CompletionsRequestReader.read(LlmMessagesProducer.bytes(in.getBody()));
        StreamFormat format = StreamFormat.of(in, getEndpoint().getConfiguration());
        ChatDispatch.dispatch(engine, exchange, request, getEndpoint().routeOptions(exchange, null), response -> {
            byte[] json = TextCompletion.bytes(response);
            return asString ? new String(json, StandardCharsets.UTF_8) : json;
        }, format.deliver(exchange, CompletionsDialect.INSTANCE, callback));
    }
}
