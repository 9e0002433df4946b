package io.llmrouter.provider;

import java.util.ArrayDeque;

/**
 * Bounds how many requests to one upstream origin may wait for a connection at the same time, so that a burst of
 * callers opens a few connections at a time instead of one per request all at once (which overflows a small server's
 * accept backlog, and reads to it as a connection failure of the provider). A request beyond the bound queues here,
 * and goes on when one ahead of it has its connection; by then a connection has often come free and is reused. The
 * pool still grows as far as the load needs, only never in a storm.
 * <p>
 * Each entry runs at most once; one abandoned while it queued (its caller gone, its time up) is skipped.
 */
final class ConnectionGate {

    /** One request: started once (at once, or later after it queued), or abandoned and then never started. */
    static final class Entry {
        private final Runnable now;
        private final Runnable later;
        private boolean started;
        private boolean abandoned;

        /**
         * @param now   runs on the submitting thread when the bound allows it at once
         * @param later runs on the thread of the request that made room, after the entry queued
         */
        Entry(Runnable now, Runnable later) {
            this.now = now;
            this.later = later;
        }
    }

    private final int maxConnecting;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private int connecting;

    ConnectionGate(int maxConnecting) {
        if (maxConnecting < 1) {
            throw new IllegalArgumentException("maxConnecting must be at least 1, was " + maxConnecting);
        }
        this.maxConnecting = maxConnecting;
    }

    /** Starts the request now if the bound allows, else queues it. */
    void submit(Entry entry) {
        synchronized (this) {
            if (connecting >= maxConnecting) {
                queue.add(entry);
                return;
            }
            connecting++;
            entry.started = true;
        }
        entry.now.run();
    }

    /** A started request has its connection, or failed to get one: the next queued one may go. */
    void connected() {
        Entry next;
        synchronized (this) {
            connecting--;
            next = poll();
            if (next == null) {
                return;
            }
            connecting++;
            next.started = true;
        }
        next.later.run();
    }

    /** @return true if the entry had not started (it never will now), false if it is already under way */
    synchronized boolean abandon(Entry entry) {
        if (entry.started) {
            return false;
        }
        entry.abandoned = true;
        return true;
    }

    synchronized int queued() {
        return queue.size();
    }

    synchronized int connecting() {
        return connecting;
    }

    private Entry poll() {
        Entry e = queue.poll();
        while (e != null && e.abandoned) {
            e = queue.poll();
        }
        return e;
    }
}
