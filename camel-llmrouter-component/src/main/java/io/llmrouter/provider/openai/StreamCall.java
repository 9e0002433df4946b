package io.llmrouter.provider.openai;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.SseStreamAttempt;
import io.llmrouter.time.Clock;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed attempt against an OpenAI-compatible upstream: SSE chunks as they arrive, complete on {@code [DONE]}.
 * Sloppy servers are tolerated: an event that is not JSON is skipped (counted, logged once per stream), and a stream
 * that ends after its {@code finish_reason} and usage chunk is complete even without {@code [DONE]} (several
 * OpenAI-compatible servers omit it); the caller gets its {@code [DONE]} either way.
 */
final class StreamCall extends SseStreamAttempt {

    private static final Logger LOG = LoggerFactory.getLogger(StreamCall.class);

    private boolean done;
    private boolean finished;
    private boolean usage;
    private int skipped;

    StreamCall(Vertx vertx, Clock clock, Deployment d, String url, CallOptions options, StreamListener listener) {
        super(vertx, clock, d, url, options, listener, OpenAiErrors::classify);
    }

    @Override
    protected String terminator() {
        return "[DONE]";
    }

    @Override
    protected void onEnd() {
        // usage is always asked for upstream (OpenAiAdapter), so a whole answer has both its finish and its usage
        if (done || finished && usage) {
            complete();
        } else {
            super.onEnd();
        }
    }

    @Override
    protected void onEvent(String data) {
        if (done) {
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
            if (e.kind() != ErrorKind.MALFORMED_RESPONSE) {
                fail(e);
                return;
            }
            if (skipped++ == 0) {
                // the event itself is not logged: an upstream may echo anything, a key included
                LOG.warn("stream from deployment {} sent an event that is not JSON (MALFORMED_RESPONSE): skipped, and "
                        + "so is any further one in this stream", d.id());
            }
            return;
        }
        usage |= chunk.usage != null;
        if (chunk.choices != null) {
            for (ChatChunk.Choice c : chunk.choices) {
                finished |= c.finishReason != null;
            }
        }
        if (chunk.usage == null && (chunk.choices == null || chunk.choices.isEmpty())) {
            // Azure's prompt_filter_results annotation: nothing for the caller, and not a first token
            return;
        }
        emit(chunk);
    }
}
