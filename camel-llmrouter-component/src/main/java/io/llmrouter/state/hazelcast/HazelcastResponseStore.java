package io.llmrouter.state.hazelcast;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.llmrouter.responses.ResponseStore;
import io.llmrouter.responses.StoredResponse;

/**
 * Stored responses in the cluster: one IMap whose entries expire after the TTL, so a follow-up with
 * {@code previous_response_id} may reach any node. Values are JSON text: nothing to register with Hazelcast.
 */
public final class HazelcastResponseStore implements ResponseStore {

    static final String MAP = "llmrouter.responses";
    /** Stored responses a member keeps at most; the least recently used go first. */
    static final int MAX_ENTRIES_PER_MEMBER = 10_000;

    private final IMap<String, String> map;
    private final long ttlMillis;

    public HazelcastResponseStore(HazelcastInstance hazelcast, Duration ttl) {
        try {
            // bounded like the single node's store: each entry holds a whole conversation
            hazelcast.getConfig().addMapConfig(new MapConfig(MAP).setBackupCount(1)
                    .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(MAX_ENTRIES_PER_MEMBER)));
        } catch (RuntimeException e) {
            // a client, or another member configured it first: those settings hold
            org.slf4j.LoggerFactory.getLogger(HazelcastResponseStore.class)
                    .info("stored responses map kept as configured elsewhere: {}", e.getMessage());
        }
        this.map = hazelcast.getMap(MAP);
        this.ttlMillis = ttl.toMillis();
    }

    @Override
    public CompletableFuture<Void> put(String id, StoredResponse response) {
        return map.setAsync(id, response.toJson(), ttlMillis, TimeUnit.MILLISECONDS).toCompletableFuture();
    }

    @Override
    public CompletableFuture<StoredResponse> get(String id) {
        return map.getAsync(id).toCompletableFuture().thenApply(json -> json == null ? null
                : StoredResponse.fromJson(json));
    }

    @Override
    public CompletableFuture<Boolean> delete(String id) {
        return map.removeAsync(id).toCompletableFuture().thenApply(old -> old != null);
    }
}
