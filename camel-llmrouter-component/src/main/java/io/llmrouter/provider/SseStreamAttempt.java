package io.llmrouter.provider;

import io.llmrouter.api.StreamListener;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.time.Clock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/** A streamed attempt whose protocol frames its events as server-sent events (OpenAI, Anthropic, Gemini). */
public abstract class SseStreamAttempt extends StreamAttempt {

    private final SseDecoder decoder = new SseDecoder((event, data) -> {
        if (!ended()) {
            onEvent(data);
        }
    });

    protected SseStreamAttempt(Vertx vertx, Clock clock, Deployment d, String url, CallOptions options,
                               StreamListener listener,
                               ErrorClassifier errors) {
        super(vertx, clock, d, url, options, listener, errors);
    }

    @Override
    protected final void onBytes(Buffer buffer) {
        decoder.feed(buffer);
    }

    /** The data of the next event, whole; none comes once the attempt has ended. */
    protected abstract void onEvent(String data);
}
