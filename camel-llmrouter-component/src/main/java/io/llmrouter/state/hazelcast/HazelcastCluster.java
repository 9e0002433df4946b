package io.llmrouter.state.hazelcast;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ConcurrencyUtil;

/** Builds the Hazelcast member or client that {@link ClusterSettings} describe. */
public final class HazelcastCluster {

    /**
     * Hazelcast runs its futures' callbacks on the common fork-join pool, or, where that pool has a single thread (any
     * machine with 2 cores), on a new thread for every callback: thousands of threads a second under load. A small pool
     * of its own instead.
     */
    private static final Executor CALLBACKS = Executors.newFixedThreadPool(2, new ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "llmrouter-hazelcast-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    static {
        if (ForkJoinPool.getCommonPoolParallelism() < 2) {
            ConcurrencyUtil.setDefaultAsyncExecutor(CALLBACKS);
        }
    }

    private HazelcastCluster() {
    }

    /** Starts a member or connects a client, as the settings say. */
    public static HazelcastInstance start(ClusterSettings s) {
        return s.mode() == ClusterSettings.Mode.CLIENT
                ? HazelcastClient.newHazelcastClient(clientConfig(s))
                : Hazelcast.newHazelcastInstance(memberConfig(s));
    }

    /** A member's configuration; tests adjust it (fewer partitions, shorter timeouts) before starting members. */
    public static Config memberConfig(ClusterSettings s) {
        Config c = new Config();
        c.setClusterName(s.name());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        NetworkConfig network = c.getNetworkConfig();
        network.setPort(s.port()).setPortAutoIncrement(true);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (s.kubernetesServiceDns() != null) {
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", s.kubernetesServiceDns());
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(s.members());
        }
        // rate windows and spend: a synchronous backup, so that a member's death loses nothing it acknowledged; kept
        // as objects, so that an entry processor does not deserialize and serialize the value it changes
        c.addMapConfig(new MapConfig("llmrouter.*").setBackupCount(1).setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.OBJECT));
        c.getSerializationConfig().addDataSerializableFactory(StateSerialization.FACTORY_ID, new StateSerialization());
        return c;
    }

    public static ClientConfig clientConfig(ClusterSettings s) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(s.name());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.getNetworkConfig().setAddresses(s.clientAddresses());
        c.getSerializationConfig().addDataSerializableFactory(StateSerialization.FACTORY_ID, new StateSerialization());
        return c;
    }
}
