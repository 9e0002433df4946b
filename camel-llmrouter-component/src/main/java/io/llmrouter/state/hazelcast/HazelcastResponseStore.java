package io.llmrouter.state.hazelcast;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

    private final IMap<String, String> map;
    private final long ttlMillis;

    public HazelcastResponseStore(HazelcastInstance hazelcast, Duration ttl) {
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
