package io.llmrouter.state.hazelcast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/** Hazelcast members for tests: loopback only, a cluster name of their own, quick to join and to notice a death. */
public final class TestMembers {

    private TestMembers() {
    }

    /** Settings for up to {@code size} members on consecutive ports from a free one. */
    /**
     * The first of {@code size} consecutive ports that are all free now: members take the ports after the first one,
     * and one of those may be held by another socket (the suite's own client connections use ephemeral ports too).
     */
    private static int freeRun(int size) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first;
            try (ServerSocket s = new ServerSocket(0)) {
                first = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean free = first + size <= 65_535;
            for (int i = 1; i < size && free; i++) {
                try (ServerSocket s = new ServerSocket(first + i)) {
                    free = true;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no run of " + size + " free ports found");
    }

    public static ClusterSettings settings(int size) {
        int port = freeRun(size);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add("127.0.0.1:" + (port + i));
        }
        // a unique name keeps these members apart from any other build's on this machine
        return new ClusterSettings(true, "test-" + UUID.randomUUID(), members, null, port,
                ClusterSettings.Mode.EMBEDDED, List.of(), ClusterSettings.SpendDurability.SYNC);
    }

    public static HazelcastInstance start(ClusterSettings s, int partitions) {
        Config c = HazelcastCluster.memberConfig(s);
        c.setProperty("hazelcast.partition.count", Integer.toString(partitions));
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.tcp.join.port.try.count", Integer.toString(s.members().size()));
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        c.getNetworkConfig().setPortCount(s.members().size());
        return Hazelcast.newHazelcastInstance(c);
    }

    /**
     * Locks a deployment's rate window, so that its entry processors wait until the returned handle is closed: an
     * answer that is certain to come later.
     */
    public static AutoCloseable holdRateWindow(HazelcastInstance hz, String deployment) {
        IMap<String, Object> rates = hz.getMap(HazelcastRouterState.RATE_MAP);
        rates.lock(deployment);
        return () -> rates.unlock(deployment);
    }
}
