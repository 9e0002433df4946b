package io.llmrouter.state.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.RouterState;
import io.llmrouter.state.RouterStateContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client mode ({@code llmrouter.cluster.mode=client}): the gateway holds no data and connects to a separate cluster, here
 * one member started in this JVM. The same contract holds, and two clients share breakers and spend through it.
 */
class HazelcastClientRouterStateTest extends RouterStateContract {

    private static HazelcastInstance member;
    private static HazelcastInstance clientA;
    private static HazelcastInstance clientB;

    private final List<HazelcastRouterState> states = new ArrayList<>();
    private HazelcastRouterState onA;
    private HazelcastRouterState onB;

    @BeforeAll
    static void startAMemberAndTwoClients() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        ClusterSettings memberSettings = new ClusterSettings(true, "client-test-" + UUID.randomUUID(), List.of(address),
                null, port, ClusterSettings.Mode.EMBEDDED, List.of(), ClusterSettings.SpendDurability.SYNC);
        Config c = HazelcastCluster.memberConfig(memberSettings);
        c.setProperty("hazelcast.partition.count", "23");
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        member = Hazelcast.newHazelcastInstance(c);
        ClusterSettings clientSettings = new ClusterSettings(true, memberSettings.name(), List.of(), null,
                ClusterSettings.DEFAULT_PORT, ClusterSettings.Mode.CLIENT, List.of(address), ClusterSettings.SpendDurability.SYNC);
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

    private HazelcastRouterState stateOn(HazelcastInstance hz) {
        HazelcastRouterState s = new HazelcastRouterState(hz, now::get, () -> now.get() / 1_000_000L,
                Duration.ofMillis(50), ClusterSettings.SpendDurability.SYNC);
        states.add(s);
        return s;
    }

    @BeforeEach
    void forgetEarlierTests() {
        member.getMap(HazelcastRouterState.RATE_MAP).clear();
        member.getMap(HazelcastRouterState.SPEND_MAP).clear();
    }

    @AfterEach
    void closeStates() {
        states.forEach(HazelcastRouterState::close);
    }

    @Test
    void twoClientsShareBreakersAndSpendThroughTheCluster() {
        onA.circuitChanged("client-breaker", CircuitStatus.OPEN, now.get() + 30_000_000_000L);
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
