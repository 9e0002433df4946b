package io.llmrouter.cache;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kept answers shared by a cluster: one IMap of JSON bytes with a TTL per entry and least-recently-used eviction beyond
 * {@code maxEntriesPerMember}. A cluster-wide entry listener tells each node of every entry added, removed, evicted or
 * expired, which keeps its own semantic index in step; a lookup is then at most one map read.
 */
public final class HazelcastCacheStore implements CacheStore {

    public static final String MAP = "llmrouter-responses";
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastCacheStore.class);

    private final IMap<String, byte[]> map;
    private UUID listener;

    public HazelcastCacheStore(HazelcastInstance hz, int maxEntriesPerMember) {
        try {
            hz.getConfig().addMapConfig(new MapConfig(MAP).setBackupCount(1)
                    .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(maxEntriesPerMember)));
        } catch (RuntimeException e) {
            // another member configured it first, perhaps with another bound: its settings hold
            LOG.info("response cache map kept as configured elsewhere: {}", e.getMessage());
        }
        this.map = hz.getMap(MAP);
    }

    @Override
    public CompletableFuture<CachedAnswer> get(String key) {
        return map.getAsync(key).toCompletableFuture()
                .thenApply(bytes -> bytes == null ? null : CachedAnswer.fromBytes(bytes));
    }

    @Override
    public void put(CachedAnswer entry, Duration ttl) {
        map.setAsync(entry.key(), entry.toBytes(), ttl.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void listen(Consumer<CachedAnswer> added, Consumer<String> removed) {
        listener = map.addEntryListener(new EntryAdapter<String, byte[]>() {
            @Override
            public void onEntryEvent(EntryEvent<String, byte[]> e) {
                switch (e.getEventType()) {
                    case ADDED, UPDATED -> added.accept(CachedAnswer.fromBytes(e.getValue()));
                    case REMOVED, EVICTED, EXPIRED -> removed.accept(e.getKey());
                    default -> { }
                }
            }
        }, true);
        // a node that joins late indexes what the others already keep
        map.forEach((k, v) -> added.accept(CachedAnswer.fromBytes(v)));
    }

    @Override
    public void close() {
        if (listener != null) {
            try {
                map.removeEntryListener(listener);
            } catch (RuntimeException e) {
                LOG.debug("cache listener not removed (cluster gone): {}", e.toString());
            }
        }
    }
}
