package io.llmrouter.dialect.openai;

import java.nio.charset.StandardCharsets;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.EventWriter;

/**
 * OpenAI's stream framing: each chunk as {@code data: {chunk}}, then {@code data: [DONE]}; a stream that fails after
 * its first byte ends with {@code data: {error}} instead. Unnamed events, no state: one writer serves every stream.
 */
public final class OpenAiEventWriter implements EventWriter {

    static final OpenAiEventWriter INSTANCE = new OpenAiEventWriter();

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private OpenAiEventWriter() {
    }

    @Override
    public byte[] chunk(ChatChunk chunk) {
        return event(Json.bytes(chunk));
    }

    @Override
    public byte[] complete() {
        return DONE.clone();
    }

    @Override
    public byte[] error(LlmException failure) {
        return event(Json.bytes(failure.toErrorBody()));
    }

    private static byte[] event(byte[] json) {
        byte[] out = new byte[DATA.length + json.length + 2];
        System.arraycopy(DATA, 0, out, 0, DATA.length);
        System.arraycopy(json, 0, out, DATA.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }
}
