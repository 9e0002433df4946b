package io.llmrouter.state.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;
import io.llmrouter.api.Json;
import io.llmrouter.responses.StoredResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A response stored on one member is read and deleted on another, and is kept with the configured TTL. */
class HazelcastResponseStoreTest {

    private static HazelcastInstance memberA;
    private static HazelcastInstance memberB;

    @BeforeAll
    static void startTwoMembers() {
        ClusterSettings settings = TestMembers.settings(2);
        memberA = TestMembers.start(settings, 7);
        memberB = TestMembers.start(settings, 7);
    }

    @AfterAll
    static void stopMembers() {
        memberB.shutdown();
        memberA.shutdown();
    }

    @Test
    void aResponseStoredOnOneMemberIsSeenAndDeletedOnAnother() {
        HazelcastResponseStore onA = new HazelcastResponseStore(memberA, Duration.ofHours(2));
        HazelcastResponseStore onB = new HazelcastResponseStore(memberB, Duration.ofHours(2));
        StoredResponse r = new StoredResponse("key-1", Json.MAPPER.createArrayNode(),
                Json.MAPPER.createObjectNode().put("id", "resp_1"));

        onA.put("resp_1", r).join();

        assertThat(onB.get("resp_1").join()).isEqualTo(r);
        long ttl = memberA.getMap(HazelcastResponseStore.MAP).getEntryView("resp_1").getTtl();
        assertThat(ttl).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(onB.delete("resp_1").join()).isTrue();
        assertThat(onA.get("resp_1").join()).isNull();
        assertThat(onA.delete("resp_1").join()).isFalse();
    }
}
