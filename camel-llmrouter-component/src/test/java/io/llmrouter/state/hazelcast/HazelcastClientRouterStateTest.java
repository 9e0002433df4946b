package io.llmrouter.state.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.RouterState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client mode ({@code llmrouter.cluster.mode=client}): the gateway holds no data and connects to a separate cluster, here
 * one member started in this JVM. The same contract holds, and two clients share breakers and spend through it.
 */
class HazelcastClientRouterStateTest extends ClusteredStateContract {

    private static HazelcastInstance member;
    private static HazelcastInstance clientA;
    private static HazelcastInstance clientB;

    private HazelcastRouterState onA;
    private HazelcastRouterState onB;

    @BeforeAll
    static void startAMemberAndTwoClients() {
        ClusterSettings memberSettings = TestMembers.settings(1);
        member = TestMembers.start(memberSettings, 23);
        ClusterSettings clientSettings = new ClusterSettings(true, memberSettings.name(), List.of(), null,
                ClusterSettings.DEFAULT_PORT, ClusterSettings.Mode.CLIENT, memberSettings.members(),
                ClusterSettings.SpendDurability.SYNC);
        clientA = client(clientSettings);
        clientB = client(clientSettings);
    }

    private static HazelcastInstance client(ClusterSettings s) {
        ClientConfig c = HazelcastCluster.clientConfig(s);
        c.setProperty("hazelcast.logging.type", "slf4j");
        return HazelcastClient.newHazelcastClient(c);
    }

    @AfterAll
    static void stop() {
        HazelcastClient.shutdownAll();
        Hazelcast.shutdownAll();
    }

    @Override
    protected RouterState newState(LongSupplier nanoClock) {
        onA = stateOn(clientA);
        onB = stateOn(clientB);
        return onA;
    }

    @Override
    protected HazelcastInstance dataMember() {
        return member;
    }

    @Test
    void twoClientsShareBreakersAndSpendThroughTheCluster() {
        onA.circuitChanged("client-breaker", CircuitStatus.OPEN, now.get() + 30_000_000_000L, true);
        onA.recordSpend("team-c", "m", 0.75).join();
        onB.recordSpend("team-c", "m", 0.25).join();
        assertThat(onA.spend("team-c")).isEqualTo(1.0);
        assertThat(onB.spendByModel()).containsEntry("m", 1.0);
        await().atMost(Duration.ofSeconds(1)).untilAsserted(
                () -> assertThat(onB.stats("client-breaker").unavailableReason(now.get())).startsWith("circuit open"));
        // the clients hold nothing: the member has it all
        assertThat(member.getMap(HazelcastRouterState.SPEND_MAP).localKeySet()).isNotEmpty();
    }
}
