package io.llmrouter.dialect.anthropic;

import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.Dialect;
import io.llmrouter.dialect.EventWriter;

/**
 * Anthropic's Messages API: requests read by {@link AnthropicRequestReader}, answers written by
 * {@link AnthropicResponseWriter}, streams by {@link AnthropicEventWriter}, failures by {@link AnthropicErrorWriter}.
 */
public final class AnthropicDialect implements Dialect {

    public static final AnthropicDialect INSTANCE = new AnthropicDialect();

    private AnthropicDialect() {
    }

    @Override
    public int status(LlmException failure) {
        return AnthropicErrorWriter.status(failure);
    }

    @Override
    public byte[] errorBody(LlmException failure) {
        return AnthropicErrorWriter.bytes(failure);
    }

    @Override
    public EventWriter events() {
        return new AnthropicEventWriter();
    }

    @Override
    public String toString() {
        return "anthropic";
    }
}
