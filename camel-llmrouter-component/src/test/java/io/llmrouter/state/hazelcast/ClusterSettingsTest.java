package io.llmrouter.state.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The llmrouter.cluster.* properties: off by default, members or Kubernetes DNS, bad values named in the error. */
class ClusterSettingsTest {

    @Test
    void clusteringIsOffByDefault() {
        ClusterSettings s = ClusterSettings.from(k -> null);
        assertThat(s.enabled()).isFalse();
        assertThat(s.port()).isEqualTo(5701);
        assertThat(s.mode()).isEqualTo(ClusterSettings.Mode.EMBEDDED);
        assertThat(s.spendDurability()).isEqualTo(ClusterSettings.SpendDurability.ASYNC);
    }

    @Test
    void readsTheSpendDurabilityAndRejectsAnUnknownOne() {
        assertThat(ClusterSettings.from(Map.of("llmrouter.cluster.spend-durability", "Async")::get).spendDurability())
                .isEqualTo(ClusterSettings.SpendDurability.ASYNC);
        assertThatThrownBy(() -> ClusterSettings.from(Map.of("llmrouter.cluster.spend-durability", "eventually")::get))
                .hasMessage("llmrouter.cluster.spend-durability must be sync or async, not eventually");
    }

    @Test
    void readsAMemberListAndTurnsOffMulticast() {
        ClusterSettings s = ClusterSettings.from(Map.of("llmrouter.cluster.enabled", "true",
                "llmrouter.cluster.name", "prod", "llmrouter.cluster.members", "127.0.0.1:5701, 127.0.0.1:5702")::get);
        assertThat(s.members()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
        var join = HazelcastCluster.memberConfig(s).getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
        assertThat(HazelcastCluster.memberConfig(s).getMapConfig("llmrouter.spend").getBackupCount()).isEqualTo(1);
    }

    @Test
    void usesKubernetesDnsDiscoveryWhenAServiceIsNamed() {
        ClusterSettings s = ClusterSettings.from(Map.of("llmrouter.cluster.enabled", "true",
                "llmrouter.cluster.kubernetes-service-dns", "llmrouter.default.svc.cluster.local")::get);
        var k8s = HazelcastCluster.memberConfig(s).getNetworkConfig().getJoin().getKubernetesConfig();
        assertThat(k8s.isEnabled()).isTrue();
        assertThat(k8s.getProperty("service-dns")).isEqualTo("llmrouter.default.svc.cluster.local");
    }

    @Test
    void rejectsClientModeWithoutAddressesAndSaysWhatToSet() {
        assertThatThrownBy(() -> ClusterSettings.from(Map.of("llmrouter.cluster.enabled", "true",
                "llmrouter.cluster.mode", "client")::get)).hasMessageContaining("llmrouter.cluster.client-addresses");
    }

    @Test
    void namesTheEnvironmentVariableOfAKey() {
        assertThat(ClusterSettings.environmentName("llmrouter.cluster.client-addresses"))
                .isEqualTo("LLMROUTER_CLUSTER_CLIENT_ADDRESSES");
    }
}
