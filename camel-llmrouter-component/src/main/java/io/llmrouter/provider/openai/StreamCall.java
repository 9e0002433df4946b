package io.llmrouter.provider.openai;

import java.util.function.Supplier;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.SseDecoder;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.provider.Watchdog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;

/**
 * One streamed attempt against an OpenAI-compatible upstream: decodes SSE as it arrives, watches time to first token
 * and silence between events, and ends exactly once: complete on {@code [DONE]}, an error otherwise.
 */
final class StreamCall {

    private final Vertx vertx;
    private final Deployment d;
    private final String url;
    private final CallOptions options;
    private final StreamListener listener;
    private final SseDecoder decoder = new SseDecoder((event, data) -> onEvent(data));
    private final long startNanos = System.nanoTime();
    private boolean sawChunk;
    private boolean done;
    private volatile boolean ended;
    private Watchdog watchdog;

    StreamCall(Vertx vertx, Deployment d, String url, CallOptions options, StreamListener listener) {
        this.vertx = vertx;
        this.d = d;
        this.url = url;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Arms the first-token timeout, counted from sending (an upstream that accepts and never answers is as late as
     * one that never streams), then sends: {@code post} must pass the response to {@link #onResponse}.
     */
    void start(Supplier<Future<Void>> post) {
        long timeout = options.timeout().toMillis();
        long firstToken = options.firstTokenTimeout().toMillis();
        watchdog = new Watchdog(vertx, Math.min(timeout, firstToken), () -> fail(firstToken < timeout
                ? firstTokenTimeout()
                : LlmException.of(ErrorKind.TIMEOUT, "Upstream for '" + d.id() + "' sent no headers within "
                        + timeout + " ms")));
        post.get().onFailure(t -> fail(UpstreamHttp.classify(t, url)));
    }

    /** Called as the headers arrive, before any of the body. */
    Future<Void> onResponse(HttpClientResponse resp) {
        watchdog.stop();
        if (resp.statusCode() != 200) {
            resp.body().onComplete(body -> fail(OpenAiErrors.classify(d, resp.statusCode(),
                    OpenAiAdapter.retryAfter(resp), body.succeeded() ? body.result().getBytes() : null)));
            return Future.succeededFuture();
        }
        long waited = (System.nanoTime() - startNanos) / 1_000_000L;
        watchdog = new Watchdog(vertx, Math.max(1, options.firstTokenTimeout().toMillis() - waited), this::onSilence);
        resp.handler(buffer -> {
            if (!ended) {
                decoder.feed(buffer);
            }
        });
        resp.exceptionHandler(t -> fail(LlmException.of(ErrorKind.STREAM_CUT,
                "Stream from '" + d.id() + "' broke: " + UpstreamHttp.classify(t, url).getMessage())));
        resp.endHandler(v -> {
            if (done) {
                end(null);
            } else {
                fail(LlmException.of(ErrorKind.STREAM_CUT, "Stream from '" + d.id() + "' ended without [DONE]"));
            }
        });
        return Future.succeededFuture();
    }

    private void onEvent(String data) {
        if (ended || done) {
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
        if (!sawChunk) {
            sawChunk = true;
            watchdog.stop();
            watchdog = new Watchdog(vertx, options.stallTimeout().toMillis(), this::onSilence);
        } else {
            watchdog.touch();
        }
        listener.onChunk(chunk);
    }

    private void onSilence() {
        fail(sawChunk
                ? LlmException.of(ErrorKind.STREAM_STALLED, "Stream from '" + d.id() + "' stalled for more than "
                        + options.stallTimeout().toMillis() + " ms")
                : firstTokenTimeout());
    }

    private LlmException firstTokenTimeout() {
        return LlmException.of(ErrorKind.FIRST_TOKEN_TIMEOUT, "Stream from '" + d.id() + "' sent no token within "
                + options.firstTokenTimeout().toMillis() + " ms");
    }

    private synchronized void fail(LlmException e) {
        boolean running = !ended && !done;
        // end first: cancelling resets the request, which reports a cut stream of its own on this same thread
        end(e);
        if (running) {
            options.cancel().cancel();
        }
    }

    private synchronized void end(LlmException error) {
        if (ended) {
            return;
        }
        ended = true;
        if (watchdog != null) {
            watchdog.stop();
        }
        if (error == null) {
            listener.onComplete();
        } else {
            listener.onError(error);
        }
    }
}
