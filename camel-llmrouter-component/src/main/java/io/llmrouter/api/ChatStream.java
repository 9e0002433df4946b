package io.llmrouter.api;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A streamed completion already committed to one model: the router hands it over once the first chunk has arrived, so
 * failover happened before the caller saw a byte. Events arriving before {@link #subscribe}
 * are kept and replayed.
 * A failure after that point reaches the subscriber as {@link StreamListener#onError}, never as a normal end.
 */
public final class ChatStream {

    private final CancelToken cancel;
    private final Queue<Object> pending = new ArrayDeque<>();
    private StreamListener listener;
    private boolean ended;
    private volatile Usage usage;
    private volatile double costUsd = Double.NaN;

    public ChatStream(CancelToken cancel) {
        this.cancel = cancel;
    }

    /** Attaches the one consumer; earlier events are delivered first. Events are delivered one at a time, in order. */
    public synchronized void subscribe(StreamListener l) {
        if (listener != null) {
            throw new IllegalStateException("a ChatStream has one subscriber");
        }
        listener = l;
        for (Object event; (event = pending.poll()) != null;) {
            deliver(l, event);
        }
    }

    /** Stops the upstream call; no further events are delivered. */
    public void cancel() {
        cancel.cancel();
    }

    public boolean isCancelled() {
        return cancel.isCancelled();
    }

    public void push(ChatChunk chunk) {
        emit(chunk);
    }

    public void complete() {
        emit(Boolean.TRUE);
    }

    public void fail(LlmException error) {
        emit(error);
    }

    /** What the stream was billed, set before it ends (whether or not the caller asked to see the usage). */
    public void billed(Usage reported, double cost) {
        this.usage = reported;
        this.costUsd = cost;
    }

    /** The usage the provider reported, once the stream has ended; null when none. */
    public Usage usage() {
        return usage;
    }

    /** What the stream cost, once it has ended; NaN when unknown. */
    public double costUsd() {
        return costUsd;
    }

    private synchronized void emit(Object event) {
        if (ended) {
            return;
        }
        if (!(event instanceof ChatChunk)) {
            ended = true;
        }
        if (listener == null) {
            pending.add(event);
        } else {
            deliver(listener, event);
        }
    }

    private static void deliver(StreamListener l, Object event) {
        if (event instanceof ChatChunk c) {
            l.onChunk(c);
        } else if (event instanceof LlmException e) {
            l.onError(e);
        } else {
            l.onComplete();
        }
    }
}
