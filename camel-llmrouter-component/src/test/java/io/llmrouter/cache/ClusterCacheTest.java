package io.llmrouter.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.engine.LlmEngine;
import io.llmrouter.engine.RouteOptions;
import io.llmrouter.state.hazelcast.ClusterSettings;
import io.llmrouter.state.hazelcast.TestMembers;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.llmrouter.testing.WordEmbedder;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two routers on two Hazelcast members share kept answers: one node's miss is the other's hit, exact or semantic. */
class ClusterCacheTest {

    static FakeOpenAiUpstream upstream;
    static Vertx vertx;
    static HazelcastInstance memberA;
    static HazelcastInstance memberB;
    static LlmEngine nodeA;
    static LlmEngine nodeB;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
        upstream.on("up-a", Behavior.text("Paris is the capital"));
        vertx = Vertx.vertx();
        Catalog catalog = FakeCatalog.of(upstream);
        ClusterSettings cluster = TestMembers.settings(2);
        memberA = TestMembers.start(cluster, 23);
        memberB = TestMembers.start(cluster, 23);
        await().atMost(Duration.ofSeconds(30)).until(() -> memberA.getCluster().getMembers().size() == 2);
        nodeA = LlmEngine.builder().catalog(catalog).vertx(vertx).cacheEmbedder(WordEmbedder::new)
                .cacheStore(new HazelcastCacheStore(memberA, 1000)).build();
        nodeB = LlmEngine.builder().catalog(catalog).vertx(vertx).cacheEmbedder(WordEmbedder::new)
                .cacheStore(new HazelcastCacheStore(memberB, 1000)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        nodeA.close();
        nodeB.close();
        memberA.shutdown();
        memberB.shutdown();
        Hazelcast.shutdownAll();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        upstream.close();
    }

    static RouteOptions cached(CacheMode mode) {
        return RouteOptions.defaults().withCache(new CachePolicy(mode, Duration.ofMinutes(5), CacheScope.KEY, 0.95,
                false));
    }

    static ChatRequest ask(String question) {
        return RequestCodec.readChat("{\"model\":\"model-a\",\"temperature\":0,\"messages\":[{\"role\":\"user\","
                                     + "\"content\":\"" + question + "\"}]}");
    }

    static String cacheResult(LlmEngine node, String question, CacheMode mode) throws Exception {
        return node.chat(ask(question), cached(mode)).get(10, TimeUnit.SECONDS).cache();
    }

    @Test
    void anAnswerKeptOnOneNodeIsServedByTheOther() throws Exception {
        int before = upstream.attempts("up-a");
        int kept = memberB.getMap(HazelcastCacheStore.MAP).size();
        assertThat(cacheResult(nodeA, "Capital of France?", CacheMode.EXACT)).isEqualTo("miss");

        // the write is asynchronous: once it is in the map, the other node finds it
        await().atMost(Duration.ofSeconds(10)).until(() -> memberB.getMap(HazelcastCacheStore.MAP).size() > kept);
        assertThat(cacheResult(nodeB, "Capital of France?", CacheMode.EXACT)).isEqualTo("hit");
        assertThat(upstream.attempts("up-a")).isEqualTo(before + 1);
    }

    @Test
    void eachNodesSemanticIndexLearnsTheOthersPrompts() throws Exception {
        int before = upstream.attempts("up-a");
        int indexed = nodeA.responseCache().indexed();
        assertThat(cacheResult(nodeB, "Which city is the capital of Italy?", CacheMode.SEMANTIC)).isEqualTo("miss");

        await().atMost(Duration.ofSeconds(10)).until(() -> nodeA.responseCache().indexed() > indexed);
        assertThat(cacheResult(nodeA, "which city is the capital of italy", CacheMode.SEMANTIC)).isEqualTo("hit");
        assertThat(upstream.attempts("up-a")).isEqualTo(before + 1);
    }
}
