package io.llmrouter.provider;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.StreamListener;
import io.llmrouter.api.ToolCall;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * The life of one streamed attempt, whatever the wire protocol: the first-token timeout counts from sending (an
 * upstream that accepts and never answers is as late as one that never streams), silence between chunks is a stall,
 * a response that ends before the protocol's terminating event is a cut stream, and the attempt ends exactly once.
 * An error answer is read by the type's {@link ErrorClassifier}. Subclasses decode their protocol's bytes into chunks
 * with {@link #emit}, and call {@link #complete} or {@link #fail}. {@link PlainCall} is its unstreamed counterpart.
 */
public abstract class StreamAttempt {

    protected final Vertx vertx;
    protected final Deployment d;
    protected final String url;
    protected final CallOptions options;
    private final StreamListener listener;
    private final ErrorClassifier errors;
    private final Clock clock;
    private final long startNanos;
    private boolean sawChunk;
    private volatile boolean ended;
    private Watchdog watchdog;
    /** The id and creation time every chunk of this stream carries. */
    protected String chunkId;
    protected long chunkCreated = System.currentTimeMillis() / 1000;
    private boolean rolePending;

    protected StreamAttempt(Vertx vertx, Clock clock, Deployment d, String url, CallOptions options,
                            StreamListener listener, ErrorClassifier errors) {
        this.vertx = vertx;
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.d = d;
        this.url = url;
        this.options = options;
        this.listener = listener;
        this.errors = errors;
        // armed before the request is sent, as onResponse may run before start
        long timeout = options.timeout().toMillis();
        long firstToken = options.firstTokenTimeout().toMillis();
        this.watchdog = new Watchdog(clock, Math.min(timeout, firstToken), () -> fail(firstToken < timeout
                ? firstTokenTimeout()
                : LlmException.of(ErrorKind.TIMEOUT, "Upstream for '" + d.id() + "' sent no headers within "
                        + timeout + " ms")));
    }

    /** Posts the body to the attempt's URL; a failure before the response headers ends the attempt. */
    public void send(UpstreamHttp http, Map<String, String> headers, Buffer body, String accept) {
        http.post(url, headers, body, d.provider().connectTimeout(), options, accept, this::onResponse)
                .onFailure(t -> fail(UpstreamHttp.classify(t, url)));
    }

    /** Called as the response headers arrive, before any body byte, so nothing is lost. */
    private Future<Void> onResponse(HttpClientResponse resp) {
        stopWatchdog();
        if (resp.statusCode() != 200) {
            // failed a turn later: the connection goes back to the pool as the response's end is handled, and the
            // caller's next request, answered on another event loop, should find it there rather than open another
            resp.body().onComplete(body -> vertx.runOnContext(v -> fail(errors.answer(d, resp, body.succeeded()
                    ? body.result().getBytes() : null, clock.asJavaClock()))));
            return Future.succeededFuture();
        }
        onHeaders(resp);
        long waited = (clock.nanoTime() - startNanos) / 1_000_000L;
        synchronized (this) {
            watchdog = new Watchdog(clock, Math.max(1, options.firstTokenTimeout().toMillis() - waited),
                    this::onSilence);
        }
        resp.handler(buffer -> {
            if (!ended) {
                onBytes(buffer);
            }
        });
        resp.exceptionHandler(t -> fail(LlmException.of(ErrorKind.STREAM_CUT,
                "Stream from '" + d.id() + "' broke: " + UpstreamHttp.classify(t, url).getMessage())));
        resp.endHandler(v -> {
            if (!ended) {
                onEnd();
            }
        });
        return Future.succeededFuture();
    }

    /** The next bytes of a 200 response. */
    protected abstract void onBytes(Buffer buffer);

    /** What the protocol's terminating event is called, for the cut-stream message. */
    protected abstract String terminator();

    /** Headers of a 200 response, before the first byte (e.g. a request id). */
    protected void onHeaders(HttpClientResponse resp) {
    }

    /** The response ended without {@link #complete}: a cut stream, unless the protocol has no terminating event. */
    protected void onEnd() {
        fail(LlmException.of(ErrorKind.STREAM_CUT, "Stream from '" + d.id() + "' ended without " + terminator()));
    }

    protected final boolean ended() {
        return ended;
    }

    /** Passes a chunk on; the first one ends the wait for a first token, later ones reset the stall timer. */
    protected final void emit(ChatChunk chunk) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (!sawChunk) {
                sawChunk = true;
                watchdog.stop();
                watchdog = new Watchdog(clock, options.stallTimeout().toMillis(), this::onSilence);
            } else {
                watchdog.touch();
            }
        }
        listener.onChunk(chunk);
    }

    /**
     * Holds the assistant role back until the first content: an error right after the stream's start then still
     * fails over before the caller has seen a byte.
     */
    protected final void holdRole() {
        rolePending = true;
    }

    /** Emits one delta of choice 0; the held assistant role goes with the first one. */
    protected final void emitDelta(ChatMessage delta, String finishReason) {
        if (rolePending) {
            rolePending = false;
            delta.role = "assistant";
            if (delta.content == null && delta.toolCalls == null) {
                delta.content = MessageContent.text("");
            }
        }
        ChatChunk.Choice choice = new ChatChunk.Choice();
        choice.index = 0;
        choice.delta = delta;
        choice.finishReason = finishReason;
        ChatChunk c = newChunk();
        c.choices = List.of(choice);
        emit(c);
    }

    /**
     * The event's JSON object, or null when it is not one: the stream then fails as malformed. A first-party API
     * (Anthropic's, Google's) never sends a broken event, so one means the answer cannot be trusted whole; the event is
     * not quoted, as an upstream may echo anything, a key included.
     */
    protected final JsonNode eventObject(String data) {
        JsonNode event = WireJson.parse(data);
        if (event == null || !event.isObject()) {
            fail(LlmException.of(ErrorKind.MALFORMED_RESPONSE, "Upstream for '" + d.id()
                    + "' sent a stream event that is not a JSON object"));
            return null;
        }
        return event;
    }

    /** Emits the next piece of a tool call's arguments; nothing for an unknown call or an empty piece. */
    protected final void emitToolArguments(Integer toolIndex, String part) {
        if (toolIndex == null || part.isEmpty()) {
            return;
        }
        ToolCall call = new ToolCall();
        call.index = toolIndex;
        call.function = new ToolCall.FunctionCall();
        call.function.arguments = part;
        ChatMessage m = new ChatMessage();
        m.toolCalls = List.of(call);
        emitDelta(m, null);
    }

    /** A chunk of this stream, without choices. */
    protected final ChatChunk newChunk() {
        ChatChunk c = new ChatChunk();
        c.id = chunkId;
        c.created = chunkCreated;
        c.model = d.id();
        return c;
    }

    /** The stream reached its terminating event. */
    protected final void complete() {
        end(null);
    }

    /** Ends the attempt with the error, then cancels the upstream call if it was still running. */
    protected final void fail(LlmException e) {
        boolean running = !ended;
        // end first: cancelling resets the request, which reports a cut stream of its own on this same thread
        end(e);
        if (running) {
            options.cancel().cancel();
        }
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

    private synchronized void stopWatchdog() {
        watchdog.stop();
    }

    private void end(LlmException error) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            watchdog.stop();
        }
        if (error == null) {
            listener.onComplete();
        } else {
            listener.onError(error);
        }
    }
}
