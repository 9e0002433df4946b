package io.llmrouter.dialect;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;

import io.llmrouter.api.ChatStream;
import io.llmrouter.api.LlmException;

/**
 * A stream's SSE bytes in a dialect as a blocking {@link InputStream}, for transports that send an InputStream body
 * (Camel's platform-http, a servlet). Events are queued as they arrive; a read returns what is there and blocks only
 * while nothing is, so read it on a worker thread, never on the event loop that delivers the events. Closing it before
 * the end cancels the stream, and with it the upstream call.
 */
public final class SseInputStream extends InputStream {

    private static final byte[] NOTHING = new byte[0];

    private final ChatStream stream;
    private final Queue<byte[]> events = new ArrayDeque<>();
    private byte[] current = NOTHING;
    private int position;
    private boolean ended;
    private boolean closed;

    private SseInputStream(ChatStream stream) {
        this.stream = stream;
    }

    /** Subscribes to the stream: it has one subscriber, this one from now on. */
    public static SseInputStream of(ChatStream stream, Dialect dialect) {
        SseInputStream in = new SseInputStream(stream);
        dialect.stream(stream, in.new Sink());
        return in;
    }

    @Override
    public int read() throws InterruptedIOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws InterruptedIOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (position == current.length && !nextEvent()) {
            if (ended || closed) {
                return -1;
            }
            awaitEvent();
        }
        int n = 0;
        while (n < len && (position < current.length || nextEvent())) {
            int k = Math.min(len - n, current.length - position);
            System.arraycopy(current, position, b, off + n, k);
            position += k;
            n += k;
        }
        return n;
    }

    @Override
    public synchronized int available() {
        long n = current.length - position;
        for (byte[] event : events) {
            n += event.length;
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    @Override
    public void close() {
        boolean early;
        synchronized (this) {
            early = !ended && !closed;
            closed = true;
            events.clear();
            current = NOTHING;
            position = 0;
            notifyAll();
        }
        if (early) {
            stream.cancel(); // outside the lock: cancelling may end the stream, which takes it
        }
    }

    /** Moves to the next queued event, if there is one. */
    private boolean nextEvent() {
        byte[] next = events.poll();
        if (next == null) {
            return false;
        }
        current = next;
        position = 0;
        return true;
    }

    private void awaitEvent() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the stream's next event");
        }
    }

    /** Queues what the dialect writes; events after {@link #close()} are dropped. */
    private final class Sink implements SseSink {

        @Override
        public void write(byte[] bytes) {
            synchronized (SseInputStream.this) {
                if (!closed) {
                    events.add(bytes);
                    SseInputStream.this.notifyAll();
                }
            }
        }

        @Override
        public void end(byte[] bytes, LlmException failure) {
            synchronized (SseInputStream.this) {
                if (!closed) {
                    events.add(bytes);
                }
                ended = true;
                SseInputStream.this.notifyAll();
            }
        }
    }
}
