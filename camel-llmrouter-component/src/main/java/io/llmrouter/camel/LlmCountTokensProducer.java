package io.llmrouter.camel;

import java.nio.charset.StandardCharsets;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.dialect.anthropic.AnthropicRequestReader;
import io.llmrouter.dialect.anthropic.AnthropicResponseWriter;
import org.apache.camel.Exchange;

/**
 * {@code llm:count-tokens}: Anthropic's {@code /v1/messages/count_tokens}. Answers {@code {"input_tokens": N}} with the
 * router's own estimate (the one it ranks with), counted with the named model's tokenizer when the catalog knows the
 * model, else at four characters a token. No model is called.
 */
public class LlmCountTokensProducer extends JsonAnswerProducer {

    public LlmCountTokensProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    Object answer(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        ChatRequest request = AnthropicRequestReader.readCountTokens(LlmMessagesProducer.bytes(body));
        byte[] json = AnthropicResponseWriter.countTokens(getEndpoint().engine().countPromptTokens(request));
        return body instanceof String ? new String(json, StandardCharsets.UTF_8) : json;
    }
}
