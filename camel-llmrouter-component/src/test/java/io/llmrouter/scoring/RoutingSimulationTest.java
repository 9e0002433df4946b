package io.llmrouter.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.engine.LlmEngine;
import io.llmrouter.engine.RouteOptions;
import io.llmrouter.engine.Routed;
import io.llmrouter.time.VirtualClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strategies under concurrent load against three simulated models of different speeds, through the real engine:
 * latency routing favours the fastest without herding and moves off it within seconds when it slows; weighted lands on
 * its split; cost always picks the cheapest admissible model. Prints the shares it measures. The simulated models and
 * the engine run on a virtual clock that the test moves a millisecond at a time: seconds of traffic take a fraction of
 * one, and a loaded machine cannot skew the latencies the strategies see.
 */
class RoutingSimulationTest {

    private static final String CATALOG = """
            providers:
              - id: sim
                type: sim
            models:
              - id: fast
                provider: sim
                price: { input: 3.0, output: 12.0 }
                weight: 90
                sim: { ttft_ms: 20, jitter: 0.2, tokens_per_second: 10000, answer_tokens: 5, capacity: 8 }
              - id: medium
                provider: sim
                price: { input: 1.0, output: 4.0 }
                weight: 10
                sim: { ttft_ms: 50, jitter: 0.2, tokens_per_second: 10000, answer_tokens: 5 }
              - id: slow
                provider: sim
                price: { input: 0.2, output: 0.8 }
                weight: 0
                sim: { ttft_ms: 120, jitter: 0.2, tokens_per_second: 10000, answer_tokens: 5 }
            """;

    private static Vertx vertx;
    private final VirtualClock clock = new VirtualClock();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private LlmEngine engine() {
        Catalog catalog = new CatalogLoader(n -> null).parse("sim.yaml", CATALOG.getBytes(StandardCharsets.UTF_8));
        return LlmEngine.builder().catalog(catalog).vertx(vertx).connections(64, 16).clock(clock)
                .random(new Random(42)).build();
    }

    private static RouteOptions options(String strategy) {
        return RouteOptions.defaults().withStrategy(strategy).withCancel(new CancelToken());
    }

    /** Runs {@code workers} closed-loop callers until {@code stop} returns true; counts answers per model. */
    private void load(LlmEngine engine, String strategy, int workers, Function<Integer, Boolean> stop,
                             Map<String, AtomicInteger> counts) throws Exception {
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        CompletableFuture<?>[] all = new CompletableFuture<?>[workers];
        for (int w = 0; w < workers; w++) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            all[w] = finished;
            loop(engine, strategy, stop, counts, done, failed, finished);
        }
        CompletableFuture<Void> finished = CompletableFuture.allOf(all);
        for (int ms = 0; ms < 60_000 && !finished.isDone(); ms++) {
            clock.advance(Duration.ofMillis(1));
        }
        finished.get(0, TimeUnit.SECONDS);
        assertThat(failed).isFalse();
    }

    private static void loop(LlmEngine engine, String strategy, Function<Integer, Boolean> stop,
                             Map<String, AtomicInteger> counts, AtomicInteger done, AtomicBoolean failed,
                             CompletableFuture<Void> finished) {
        if (stop.apply(done.get())) {
            finished.complete(null);
            return;
        }
        engine.chat(ScoringFixtures.ask("hello"), options(strategy)).whenComplete((r, e) -> {
            if (e != null) {
                failed.set(true);
                finished.completeExceptionally(e);
                return;
            }
            counts.computeIfAbsent(r.deployment().id(), k -> new AtomicInteger()).incrementAndGet();
            done.incrementAndGet();
            loop(engine, strategy, stop, counts, done, failed, finished);
        });
    }

    private static double share(Map<String, AtomicInteger> counts, String model) {
        int total = counts.values().stream().mapToInt(AtomicInteger::get).sum();
        AtomicInteger n = counts.get(model);
        return n == null ? 0 : (double) n.get() / total;
    }

    private static String shares(Map<String, AtomicInteger> counts) {
        StringBuilder sb = new StringBuilder();
        for (String m : List.of("fast", "medium", "slow")) {
            sb.append(String.format(" %s=%.1f%%", m, 100 * share(counts, m)));
        }
        return sb.toString();
    }

    @Test
    void latencyFavoursTheFastestButSpreadsLoadWhenItSaturates() throws Exception {
        LlmEngine engine = engine();
        Map<String, AtomicInteger> light = new ConcurrentHashMap<>();
        load(engine, "latency", 2, n -> n >= 150, light);
        Map<String, AtomicInteger> heavy = new ConcurrentHashMap<>();
        load(engine, "latency", 40, n -> n >= 2000, heavy);
        System.out.println("latency, 2 callers:  " + shares(light));
        System.out.println("latency, 40 callers (fast saturates above 8 in flight):" + shares(heavy));
        // power of two choices over three: the fastest wins at most two pairs in three
        assertThat(share(light, "fast")).isGreaterThan(0.45).isGreaterThan(share(light, "medium"));
        assertThat(share(light, "medium")).isGreaterThan(share(light, "slow"));
        assertThat(share(heavy, "fast")).isGreaterThan(share(heavy, "medium")).isLessThan(share(light, "fast"));
        assertThat(share(heavy, "medium")).isGreaterThan(0.1);
    }

    @Test
    void latencyMovesOffTheFastestWithinSecondsWhenItSlowsTenfold() throws Exception {
        LlmEngine engine = engine();
        Map<Long, Map<String, AtomicInteger>> perSecond = new ConcurrentHashMap<>();
        long start = clock.nanoTime();
        AtomicLong slowedAt = new AtomicLong(-1);
        Map<String, AtomicInteger> all = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> tracker = new ConcurrentHashMap<>() {
            @Override
            public AtomicInteger computeIfAbsent(String key, java.util.function.Function<? super String, ? extends AtomicInteger> f) {
                long second = (clock.nanoTime() - start) / 1_000_000_000L;
                perSecond.computeIfAbsent(second, s -> new ConcurrentHashMap<>())
                        .computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                return all.computeIfAbsent(key, f);
            }
        };
        load(engine, "latency", 8, n -> {
            long elapsed = clock.nanoTime() - start;
            if (elapsed > 2_000_000_000L && slowedAt.compareAndSet(-1, elapsed)) {
                engine.simControls().slowDown("fast", 10);
            }
            return elapsed > 6_000_000_000L;
        }, tracker);
        StringBuilder timeline = new StringBuilder("latency, fast slowed 10x at 2 s; share of fast per second:");
        for (long s = 0; s < 6; s++) {
            Map<String, AtomicInteger> c = perSecond.getOrDefault(s, Map.of());
            timeline.append(String.format(" %ds=%.0f%%", s, 100 * share(c, "fast")));
        }
        System.out.println(timeline);
        double before = share(perSecond.get(1L), "fast");
        double after = share(perSecond.get(4L), "fast");
        assertThat(before).isGreaterThan(0.5);
        assertThat(after).isLessThan(before / 2);
    }

    @Test
    void weightedLandsOnItsNinetyTenSplit() throws Exception {
        LlmEngine engine = engine();
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        RouteOptions o = options("weighted");
        for (int i = 0; i < 3000; i++) {
            String m = engine.decide(ScoringFixtures.ask("x"), o).candidates().get(0).deployment().id();
            counts.computeIfAbsent(m, k -> new AtomicInteger()).incrementAndGet();
        }
        System.out.println("weighted 90/10/0 over 3000 decisions:" + shares(counts));
        assertThat(share(counts, "fast")).isBetween(0.87, 0.93);
        assertThat(share(counts, "medium")).isBetween(0.07, 0.13);
    }

    @Test
    void costAlwaysPicksTheCheapestAdmissibleModel() throws Exception {
        LlmEngine engine = engine();
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        load(engine, "cost", 10, n -> n >= 500, counts);
        System.out.println("cost over 500 requests:" + shares(counts));
        assertThat(share(counts, "slow")).isEqualTo(1.0);
        engine.state().attemptStarted("slow", 1);
        engine.state().attemptFailed("slow", io.llmrouter.api.ErrorKind.RATE_LIMITED, 1, 60_000);
        ChatRequest r = ScoringFixtures.ask("x");
        CompletableFuture<? extends Routed<?>> answer = engine.chat(r, options("cost"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(answer.get(0, TimeUnit.SECONDS).deployment().id()).isEqualTo("medium");
    }
}
