package io.llmrouter.cache;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Kept answers of one process: least recently used first out beyond {@code maxEntries}, expired by the injected wall
 * clock (tests move it) when read or when room is made.
 */
public final class InMemoryCacheStore implements CacheStore {

    private final int maxEntries;
    private final LongSupplier millis;
    private final LinkedHashMap<String, CachedAnswer> entries = new LinkedHashMap<>(16, 0.75f, true);
    private Consumer<CachedAnswer> added = e -> { };
    private Consumer<String> removed = k -> { };

    public InMemoryCacheStore(int maxEntries, LongSupplier millis) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.millis = millis;
    }

    @Override
    public synchronized CompletableFuture<CachedAnswer> get(String key) {
        CachedAnswer e = entries.get(key);
        if (e != null && e.expiresAt() <= millis.getAsLong()) {
            entries.remove(key);
            removed.accept(key);
            e = null;
        }
        return CompletableFuture.completedFuture(e);
    }

    @Override
    public synchronized void put(CachedAnswer entry, Duration ttl) {
        if (entries.put(entry.key(), entry) != null) {
            removed.accept(entry.key());
        }
        added.accept(entry);
        if (entries.size() > maxEntries) {
            long now = millis.getAsLong();
            entries.values().removeIf(e -> {
                boolean gone = e.expiresAt() <= now;
                if (gone) {
                    removed.accept(e.key());
                }
                return gone;
            });
            Iterator<Map.Entry<String, CachedAnswer>> eldest = entries.entrySet().iterator();
            while (entries.size() > maxEntries) {
                String key = eldest.next().getKey();
                eldest.remove();
                removed.accept(key);
            }
        }
    }

    @Override
    public synchronized void listen(Consumer<CachedAnswer> onAdded, Consumer<String> onRemoved) {
        this.added = onAdded;
        this.removed = onRemoved;
        entries.values().forEach(onAdded);
    }

    public synchronized int size() {
        return entries.size();
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }
}
