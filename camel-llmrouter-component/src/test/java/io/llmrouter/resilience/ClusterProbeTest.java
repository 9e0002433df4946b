package io.llmrouter.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.hazelcast.ClusterSettings;
import io.llmrouter.state.hazelcast.HazelcastRouterState;
import io.llmrouter.state.hazelcast.TestMembers;
import io.llmrouter.time.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways of one Hazelcast cluster send one probe at a time to a half-open deployment between them, not one
 * each: the second waits until the first probe answered.
 */
class ClusterProbeTest {

    private static final BreakerSettings SETTINGS = new BreakerSettings(50, 50, Duration.ofSeconds(1), 2, 2,
            Duration.ofSeconds(10), 1, Duration.ZERO);
    private static final long MS = 1_000_000L;

    private final VirtualClock clock = new VirtualClock();
    private HazelcastInstance memberA;
    private HazelcastInstance memberB;
    private HazelcastRouterState stateA;
    private HazelcastRouterState stateB;
    private Breakers nodeA;
    private Breakers nodeB;

    @BeforeEach
    void twoNodes() {
        ClusterSettings settings = TestMembers.settings(2);
        memberA = TestMembers.start(settings, 11);
        memberB = TestMembers.start(settings, 11);
        stateA = new HazelcastRouterState(memberA, clock::nanoTime, () -> clock.nanoTime() / MS, Duration.ofMillis(50),
                ClusterSettings.SpendDurability.SYNC);
        stateB = new HazelcastRouterState(memberB, clock::nanoTime, () -> clock.nanoTime() / MS, Duration.ofMillis(50),
                ClusterSettings.SpendDurability.SYNC);
        nodeA = new Breakers(SETTINGS, stateA, clock);
        nodeB = new Breakers(SETTINGS, stateB, clock);
    }

    @AfterEach
    void stop() {
        stateA.close();
        stateB.close();
        memberA.shutdown();
        memberB.shutdown();
    }

    private static void open(Breakers node) {
        for (int i = 0; i < 2; i++) {
            assertThat(node.tryAcquire("d")).isTrue();
            node.onFailure("d", ErrorKind.SERVER_ERROR, 10 * MS);
        }
        assertThat(node.status("d")).isEqualTo(CircuitStatus.OPEN);
    }

    @Test
    void oneProbeAtATimeAcrossTheCluster() {
        open(nodeA);
        open(nodeB);
        clock.advance(Duration.ofSeconds(11));

        assertThat(nodeA.tryAcquire("d")).as("A probes").isTrue();
        assertThat(nodeA.status("d")).isEqualTo(CircuitStatus.HALF_OPEN);
        assertThat(nodeB.tryAcquire("d")).as("B waits for A's probe").isFalse();
        assertThat(nodeB.tryAcquire("d")).isFalse();

        nodeA.onSuccess("d", 10 * MS);
        assertThat(nodeA.status("d")).isEqualTo(CircuitStatus.CLOSED);
        // the claim is given back off the caller's thread
        await().atMost(Duration.ofSeconds(10)).until(() -> nodeB.tryAcquire("d"));
        assertThat(nodeA.tryAcquire("d")).as("A is closed: its calls need no claim").isTrue();
        nodeB.onSuccess("d", 10 * MS);
        assertThat(nodeB.status("d")).isEqualTo(CircuitStatus.CLOSED);
    }

    @Test
    void aProbeThatFailsGivesItsClaimBackToo() {
        open(nodeA);
        open(nodeB);
        clock.advance(Duration.ofSeconds(11));

        assertThat(nodeB.tryAcquire("d")).isTrue();
        assertThat(nodeA.tryAcquire("d")).isFalse();
        nodeB.onFailure("d", ErrorKind.SERVER_ERROR, 10 * MS);
        assertThat(nodeB.status("d")).isEqualTo(CircuitStatus.OPEN);

        await().atMost(Duration.ofSeconds(10)).until(() -> nodeA.tryAcquire("d"));
        assertThat(nodeA.status("d")).isEqualTo(CircuitStatus.HALF_OPEN);
    }
}
