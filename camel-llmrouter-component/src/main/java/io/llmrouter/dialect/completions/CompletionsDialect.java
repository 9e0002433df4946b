package io.llmrouter.dialect.completions;

import java.nio.charset.StandardCharsets;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.Dialect;
import io.llmrouter.dialect.EventWriter;
import io.llmrouter.dialect.openai.OpenAiDialect;

/**
 * OpenAI's legacy Completions API, served by chat models: requests read by {@link CompletionsRequestReader}, answers
 * written by {@link TextCompletion}, streams as {@code text_completion} chunks then {@code data: [DONE]}, failures in
 * OpenAI's error JSON.
 */
public final class CompletionsDialect implements Dialect {

    public static final CompletionsDialect INSTANCE = new CompletionsDialect();

    private static final EventWriter EVENTS = new EventWriter() {
        @Override
        public byte[] chunk(ChatChunk chunk) {
            boolean empty = (chunk.choices == null || chunk.choices.isEmpty()) && chunk.usage == null;
            return empty ? new byte[0] : data(Json.string(TextCompletion.chunk(chunk)));
        }

        @Override
        public byte[] complete() {
            return data("[DONE]");
        }

        @Override
        public byte[] error(LlmException failure) {
            return data(Json.string(failure.toErrorBody()));
        }
    };

    private CompletionsDialect() {
    }

    private static byte[] data(String payload) {
        return ("data: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int status(LlmException failure) {
        return OpenAiDialect.INSTANCE.status(failure);
    }

    @Override
    public byte[] errorBody(LlmException failure) {
        return OpenAiDialect.INSTANCE.errorBody(failure);
    }

    @Override
    public EventWriter events() {
        return EVENTS;
    }

    @Override
    public String toString() {
        return "completions";
    }
}
