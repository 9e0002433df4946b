package io.llmrouter.responses;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * One node's stored responses: at most {@code maxEntries} (the oldest go first), each for the TTL. Enough for a single
 * gateway; a cluster keeps them in its shared state instead, so a follow-up may reach any node.
 */
public final class InMemoryResponseStore implements ResponseStore {

    /** Bounds the memory a single node spends on stored responses. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private record Entry(StoredResponse response, long expiresAtMillis) {
    }

    private final LongSupplier wallMillis;
    private final long ttlMillis;
    private final Map<String, Entry> entries;

    /** @param wallMillis the wall clock in milliseconds (a virtual clock's in tests) */
    public InMemoryResponseStore(LongSupplier wallMillis, Duration ttl, int maxEntries) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the stored responses' TTL must be positive, was " + ttl);
        }
        this.wallMillis = wallMillis;
        this.ttlMillis = ttl.toMillis();
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public InMemoryResponseStore(Duration ttl) {
        this(System::currentTimeMillis, ttl, DEFAULT_MAX_ENTRIES);
    }

    @Override
    public synchronized CompletableFuture<Void> put(String id, StoredResponse response) {
        entries.remove(id);
        entries.put(id, new Entry(response, wallMillis.getAsLong() + ttlMillis));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<StoredResponse> get(String id) {
        Entry e = entries.get(id);
        if (e != null && e.expiresAtMillis() <= wallMillis.getAsLong()) {
            entries.remove(id);
            e = null;
        }
        return CompletableFuture.completedFuture(e == null ? null : e.response());
    }

    @Override
    public synchronized CompletableFuture<Boolean> delete(String id) {
        Entry e = entries.remove(id);
        return CompletableFuture.completedFuture(e != null && e.expiresAtMillis() > wallMillis.getAsLong());
    }
}
