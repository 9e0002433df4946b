package io.llmrouter.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Model;
import io.llmrouter.catalog.Provider;
import io.llmrouter.state.hazelcast.ClusterSettings;
import io.llmrouter.state.hazelcast.HazelcastRouterState;
import io.llmrouter.state.hazelcast.TestMembers;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.time.VertxClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With clustered state a limited deployment's rate window answers later, from a Hazelcast member: the loop carries on
 * when it answers, back on a Vert.x event loop, and gives back what it took when the request is gone by then.
 */
class AttemptLoopOverClusterTest {

    private static final RetryPolicy FAILOVER_ONLY = new RetryPolicy(5, 0, Duration.ofMillis(1), Duration.ofMillis(1),
            Duration.ofMillis(1), null, List.of());
    private static Vertx vertx;
    private static HazelcastInstance member;
    private static HazelcastInstance other;

    private final HazelcastRouterState state = new HazelcastRouterState(member, ClusterSettings.SpendDurability.SYNC);
    private final Breakers breakers = new Breakers(BreakerSettings.DEFAULT, state, new VertxClock(vertx));
    private final AttemptLoop loop = new AttemptLoop(state, breakers, vertx, new VertxClock(vertx), new Random(1));
    private final List<String> calledOn = new CopyOnWriteArrayList<>();
    /** A deployment whose rate window lives on the other member, so that its answer always comes later. */
    private final String limited = ownedByTheOtherMember();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        ClusterSettings settings = TestMembers.settings(2);
        member = TestMembers.start(settings, 7);
        other = TestMembers.start(settings, 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> member.getPartitionService().isClusterSafe());
    }

    private static String ownedByTheOtherMember() {
        while (true) {
            String id = "limited-" + UUID.randomUUID();
            if (other.getPartitionService().getPartition(id).getOwner().localMember()) {
                return id;
            }
        }
    }

    @AfterAll
    static void stop() {
        other.shutdown();
        member.shutdown();
        vertx.close();
    }

    @AfterEach
    void closeState() {
        state.close();
    }

    private Deployment deployment(String id, int rpm) {
        Provider p = FakeCatalog.openAiProvider("http://127.0.0.1:1/v1");
        Model m = new Model(id, List.of(), p.id(), id, 1.0, 2.0, null, 0, 0, EnumSet.of(Capability.CHAT), List.of(),
                rpm, 0, null, Map.of(), 1, null, null, null);
        return new Deployment(m, p);
    }

    private CompletableFuture<Outcome<String>> run(List<Deployment> ranked, CancelToken request,
            Attempter<String> call) {
        return loop.run(ranked, List.of(), FAILOVER_ONLY, request, System.nanoTime() + 10_000_000_000L, d -> 10, call);
    }

    private Attempter<String> answering() {
        return (d, cancel, record) -> {
            calledOn.add(d.id() + " on " + Thread.currentThread().getName());
            return CompletableFuture.completedFuture("answer from " + d.id());
        };
    }

    @Test
    void launchesOnAnEventLoopOnceTheClusterAdmitsAndFailsOverWhenItRefuses() throws Exception {
        List<Deployment> ranked = List.of(deployment(limited, 1), deployment("unlimited", 0));

        CompletableFuture<Outcome<String>> waiting;
        try (AutoCloseable held = TestMembers.holdRateWindow(other, limited)) {
            CompletableFuture<Outcome<String>> pending = run(ranked, new CancelToken(), answering());
            // waits for the window's owner, without blocking this thread
            await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5))
                    .until(() -> !pending.isDone() && calledOn.isEmpty());
            waiting = pending;
        }
        Outcome<String> first = waiting.get(5, TimeUnit.SECONDS);
        Outcome<String> second = run(ranked, new CancelToken(), answering()).get(5, TimeUnit.SECONDS);

        assertThat(first.deployment().id()).isEqualTo(limited);
        assertThat(calledOn.get(0)).startsWith(limited + " on vert.x-eventloop-thread-");
        assertThat(second.deployment().id()).as("the window of 1 request a minute is used up").isEqualTo("unlimited");
        assertThat(state.stats(limited).inFlight()).isEqualTo(1);
    }

    @Test
    void aRequestCancelledWhileTheClusterDecidesTakesNothingAndTriesNoOther() throws Exception {
        CancelToken request = new CancelToken();
        CompletableFuture<Outcome<String>> result;
        try (AutoCloseable held = TestMembers.holdRateWindow(other, limited)) {
            result = run(List.of(deployment(limited, 100), deployment("other", 0)), request, (d, cancel, record) -> {
                calledOn.add(d.id());
                return new CompletableFuture<>();
            });
            request.cancel();
        }

        try {
            result.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected the request to end cancelled");
        } catch (ExecutionException e) {
            assertThat(((LlmException) e.getCause()).kind()).isEqualTo(ErrorKind.CANCELLED);
        }
        // admitted after the cancel: no call made, and the in-flight count given back
        await().atMost(Duration.ofSeconds(5)).until(() -> state.stats(limited).inFlight() == 0);
        assertThat(calledOn).isEmpty();
    }
}
