package io.llmrouter.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.llmrouter.api.Json;
import io.llmrouter.time.VirtualClock;
import org.junit.jupiter.api.Test;

/** Stored responses last their TTL and no longer, and a node keeps a bounded number of them. */
class InMemoryResponseStoreTest {

    private final VirtualClock clock = new VirtualClock();

    private static StoredResponse response(String text) {
        return new StoredResponse("key-1", Json.MAPPER.createArrayNode(),
                Json.MAPPER.createObjectNode().put("text", text));
    }

    @Test
    void aResponseIsKeptUntilItsTtlHasPassed() {
        InMemoryResponseStore store = new InMemoryResponseStore(clock::millis, Duration.ofHours(24), 10);
        store.put("resp_1", response("a"));

        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(store.get("resp_1").join()).isNotNull();

        clock.advance(Duration.ofSeconds(1));
        assertThat(store.get("resp_1").join()).isNull();
        assertThat(store.delete("resp_1").join()).isFalse();
    }

    @Test
    void theOldestResponsesGoFirstBeyondTheBound() {
        InMemoryResponseStore store = new InMemoryResponseStore(clock::millis, Duration.ofHours(1), 2);
        store.put("resp_1", response("a"));
        store.put("resp_2", response("b"));
        store.put("resp_3", response("c"));

        assertThat(store.get("resp_1").join()).isNull();
        assertThat(store.get("resp_3").join().response().path("text").asText()).isEqualTo("c");
    }

    @Test
    void aDeletedResponseIsGone() {
        InMemoryResponseStore store = new InMemoryResponseStore(clock::millis, Duration.ofHours(1), 2);
        store.put("resp_1", response("a"));

        assertThat(store.delete("resp_1").join()).isTrue();
        assertThat(store.get("resp_1").join()).isNull();
    }

    @Test
    void aStoredResponseSurvivesItsJsonForm() {
        StoredResponse r = response("a");
        assertThat(StoredResponse.fromJson(r.toJson())).isEqualTo(r);
    }
}
