package io.llmrouter.provider.openai;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.SseDecoder;
import io.llmrouter.provider.StreamAttempt;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/** One streamed attempt against an OpenAI-compatible upstream: SSE chunks as they arrive, complete on {@code [DONE]}. */
final class StreamCall extends StreamAttempt {

    private final SseDecoder decoder = new SseDecoder((event, data) -> onEvent(data));
    private boolean done;

    StreamCall(Vertx vertx, Deployment d, String url, CallOptions options, StreamListener listener) {
        super(vertx, d, url, options, listener);
    }

    @Override
    protected LlmException errorAnswer(HttpClientResponse resp, byte[] body) {
        return OpenAiErrors.classify(d, resp.statusCode(), OpenAiAdapter.retryAfter(resp), body);
    }

    @Override
    protected void onBytes(Buffer buffer) {
        decoder.feed(buffer);
    }

    @Override
    protected String terminator() {
        return "[DONE]";
    }

    @Override
    protected void onEnd() {
        if (done) {
            complete();
        } else {
            super.onEnd();
        }
    }

    private void onEvent(String data) {
        if (ended() || done) {
            return;
        }
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        ChatChunk chunk;
        try {
            chunk = OpenAiAdapter.parseChunk(data, d);
        } catch (LlmException e) {
            fail(e);
            return;
        }
        if (chunk.usage == null && (chunk.choices == null || chunk.choices.isEmpty())) {
            // Azure's prompt_filter_results annotation: nothing for the caller, and not a first token
            return;
        }
        emit(chunk);
    }
}
