package io.llmrouter.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where kept answers live: in this process ({@link InMemoryCacheStore}) or shared by a cluster
 * ({@link HazelcastCacheStore}). Both bound their size and expire entries after their TTL, and tell their listener of
 * every entry added and removed (on any node), which keeps each node's semantic index in step with the entries.
 */
public interface CacheStore extends AutoCloseable {

    /** The entry under {@code key}, or null (never an expired one). */
    CompletableFuture<CachedAnswer> get(String key);

    void put(CachedAnswer entry, Duration ttl);

    /** Called once, before any put: hears entries as they come and go, existing ones first. */
    void listen(Consumer<CachedAnswer> added, Consumer<String> removed);

    @Override
    void close();
}
