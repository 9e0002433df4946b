package io.llmrouter.dialect.openai;

import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.Dialect;
import io.llmrouter.dialect.EventWriter;

/**
 * OpenAI's Chat Completions and Embeddings, and the router's own endpoints. The canonical types are OpenAI's schema,
 * so requests are read by {@link io.llmrouter.api.RequestCodec} and plain answers are the canonical JSON; what is
 * OpenAI's own is here: its error JSON and its stream framing ({@link OpenAiEventWriter}).
 */
public final class OpenAiDialect implements Dialect {

    public static final OpenAiDialect INSTANCE = new OpenAiDialect();

    private OpenAiDialect() {
    }

    @Override
    public int status(LlmException failure) {
        return failure.status();
    }

    /** The upstream's own error JSON when it is passed on (it says what the caller did wrong), else the router's. */
    @Override
    public byte[] errorBody(LlmException failure) {
        return failure.upstreamBody() != null ? failure.upstreamBody() : Json.bytes(failure.toErrorBody());
    }

    @Override
    public EventWriter events() {
        return OpenAiEventWriter.INSTANCE;
    }

    @Override
    public String toString() {
        return "openai";
    }
}
