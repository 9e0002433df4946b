package io.llmrouter.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.llmrouter.state.hazelcast.ClusterSettings;
import io.llmrouter.state.hazelcast.HazelcastCluster;

/**
 * The other member of the benchmark's cluster: a plain Hazelcast member, in its own JVM, with the gateway's member
 * configuration ({@link HazelcastCluster#memberConfig}, so the same map settings and backups). It holds about half the
 * partitions, so the measured gateway's operations on keys it owns are real remote calls. Run by {@link ClusterBench}
 * with the harness's classpath; answers on stdout, one line per command read from stdin, prefixed {@code PEER}:
 * <ul>
 * <li>{@code members}: {@code PEER members N}</li>
 * <li>{@code owners k1,k2,...}: {@code PEER owners k1=peer,k2=other,...} (partition owner of each key)</li>
 * <li>{@code size MAP}: {@code PEER size MAP ENTRIES OWNED_HERE}</li>
 * </ul>
 * It stops when stdin closes (the harness ended, however it ended).
 *
 * <p>Arguments: {@code NAME PORT MEMBERS} (cluster name, first port, TCP-IP member list).
 */
public final class ClusterPeer {

    private ClusterPeer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ClusterPeer NAME PORT MEMBERS");
            System.exit(2);
        }
        Map<String, String> p = Map.of(ClusterSettings.PREFIX + "enabled", "true", ClusterSettings.PREFIX + "name",
                args[0], ClusterSettings.PREFIX + "port", args[1], ClusterSettings.PREFIX + "members", args[2]);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(HazelcastCluster.memberConfig(ClusterSettings.from(
                p::get)));
        answer("ready " + hz.getCluster().getLocalMember().getAddress());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                line = line.trim();
                if (line.equals("members")) {
                    answer("members " + hz.getCluster().getMembers().size());
                } else if (line.startsWith("owners ")) {
                    StringJoiner j = new StringJoiner(",");
                    for (String key : line.substring("owners ".length()).split(",")) {
                        Member owner = hz.getPartitionService().getPartition(key).getOwner();
                        j.add(key + "=" + (owner != null && owner.localMember() ? "peer" : "other"));
                    }
                    answer("owners " + j);
                } else if (line.startsWith("size ")) {
                    String map = line.substring("size ".length());
                    answer("size " + map + " " + hz.getMap(map).size() + " " + hz.getMap(map).getLocalMapStats()
                            .getOwnedEntryCount());
                } else {
                    answer("unknown " + line);
                }
            }
        } finally {
            hz.shutdown();
        }
        System.exit(0);
    }

    private static void answer(String s) {
        System.out.println("PEER " + s);
        System.out.flush();
    }
}
