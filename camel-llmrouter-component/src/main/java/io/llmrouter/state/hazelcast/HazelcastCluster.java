package io.llmrouter.state.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/** Builds the Hazelcast member or client that {@link ClusterSettings} describe. */
public final class HazelcastCluster {

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
        // rate windows and spend: a synchronous backup, so that a member's death loses nothing it acknowledged
        c.addMapConfig(new MapConfig("llmrouter.*").setBackupCount(1).setAsyncBackupCount(0));
        return c;
    }

    public static ClientConfig clientConfig(ClusterSettings s) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(s.name());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.getNetworkConfig().setAddresses(s.clientAddresses());
        return c;
    }
}
