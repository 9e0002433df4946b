package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.catalog.LiveCatalog;
import io.llmrouter.state.hazelcast.ClusterSettings;
import io.llmrouter.state.hazelcast.TestMembers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A catalog applied on one node of a cluster is served by every node, each saying which version it serves; a node
 * joining a running cluster takes the cluster's version rather than its own file's.
 */
class CatalogReloadClusterTest {

    private final CatalogLoader loader = new CatalogLoader(name -> null);
    private HazelcastInstance memberA;
    private HazelcastInstance memberB;
    private CatalogReload nodeA;
    private CatalogReload nodeB;

    private static String catalog(String... models) {
        StringBuilder yaml = new StringBuilder("providers:\n  - { id: sim, type: sim }\nmodels:\n");
        for (String m : models) {
            yaml.append("  - { id: ").append(m).append(", provider: sim }\n");
        }
        return yaml.toString();
    }

    private CatalogReload node(HazelcastInstance member, LiveCatalog live, String text) {
        CatalogReload reload = new CatalogReload(live, text, loader, null, 0, null, member);
        reload.start();
        return reload;
    }

    private LiveCatalog live(String text) {
        return new LiveCatalog(loader.parse("test", text.getBytes(StandardCharsets.UTF_8)), text);
    }

    @AfterEach
    void stop() {
        nodeA.stop();
        nodeB.stop();
        memberA.shutdown();
        memberB.shutdown();
    }

    @Test
    void aCatalogAppliedOnOneNodeIsServedByEveryNode() {
        ClusterSettings settings = TestMembers.settings(2);
        memberA = TestMembers.start(settings, 11);
        memberB = TestMembers.start(settings, 11);
        String first = catalog("sim-a");
        LiveCatalog onA = live(first);
        nodeA = node(memberA, onA, first);
        // B starts from an older file: it joins a running cluster, whose version wins
        LiveCatalog onB = live(catalog("sim-old"));
        nodeB = node(memberB, onB, catalog("sim-old"));
        assertThat(onB.current().version()).isEqualTo(onA.current().version());
        assertThat(onB.get().resolve("sim-a")).isPresent();

        assertThat(nodeA.apply(catalog("sim-a", "sim-b"), "the admin API")).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> onB.get().resolve("sim-b").isPresent());
        assertThat(onB.current().version()).isEqualTo(onA.current().version());
        await().atMost(Duration.ofSeconds(10)).until(() -> memberA.getReplicatedMap(CatalogReload.SERVED_MAP)
                .values().stream().allMatch(v -> v.equals(onA.current().version()))
                && memberA.getReplicatedMap(CatalogReload.SERVED_MAP).size() == 2);
    }
}
