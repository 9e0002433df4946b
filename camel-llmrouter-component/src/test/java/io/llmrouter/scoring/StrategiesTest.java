package io.llmrouter.scoring;

import static io.llmrouter.scoring.ScoringFixtures.ask;
import static io.llmrouter.scoring.ScoringFixtures.ids;
import static io.llmrouter.scoring.ScoringFixtures.model;
import static io.llmrouter.scoring.ScoringFixtures.prefs;
import static io.llmrouter.scoring.ScoringFixtures.profile;
import static io.llmrouter.scoring.ScoringFixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import org.junit.jupiter.api.Test;

/** Each built-in strategy orders candidates as documented, including one candidate, ties, missing data and cold start. */
class StrategiesTest {

    private final ScoringFixtures f = new ScoringFixtures();
    private final Deployment cheap = model("cheap", 0.1, 0.4, 0.6);
    private final Deployment mid = model("mid", 1.0, 4.0, 0.8);
    private final Deployment dear = model("dear", 5.0, 15.0, 0.95);
    private final Deployment unpriced = model("unpriced", null, null, null);

    private List<String> rank(Strategy s, RequestProfile p, Deployment... ds) {
        return ids(s.rank(p, List.of(ds), f.state));
    }

    @Test
    void costPutsTheCheapestExpectedCostFirstAndUnpricedLast() {
        assertThat(rank(new CostStrategy(), profile("hi"), unpriced, dear, cheap, mid))
                .containsExactly("cheap", "mid", "dear", "unpriced");
    }

    @Test
    void costKeepsCatalogOrderForEqualPrices() {
        Deployment twin1 = model("twin1", 1.0, 1.0, null);
        Deployment twin2 = model("twin2", 1.0, 1.0, null);
        assertThat(rank(new CostStrategy(), profile("hi"), twin2, twin1)).containsExactly("twin2", "twin1");
    }

    @Test
    void costUsesTheRequestedMaxTokensForTheOutputEstimate() {
        // long answers make the output price dominate: in 1.0/out 1.0 beats in 0.01/out 10
        Deployment flatRate = model("flat", 1.0, 1.0, null);
        Deployment cheapInput = model("cheap-input", 0.01, 10.0, null);
        var r = ask("short question");
        r.maxTokens = 4000;
        assertThat(rank(new CostStrategy(), profile(r, Preferences.NONE), cheapInput, flatRate))
                .containsExactly("flat", "cheap-input");
        r.maxTokens = 1;
        assertThat(rank(new CostStrategy(), profile(r, Preferences.NONE), flatRate, cheapInput))
                .containsExactly("cheap-input", "flat");
    }

    @Test
    void aSingleCandidateIsReturnedByEveryStrategy() {
        Strategies all = new Strategies(new Random(1), new LearnedStrategy((io.llmrouter.catalog.LearnedSettings) null), n -> null);
        for (String name : List.of("ordered", "cost", "latency", "throughput", "quality", "balanced", "weighted",
                "round-robin", "least-busy", "usage")) {
            assertThat(rank(all.find(name), profile("x"), mid)).as(name).containsExactly("mid");
        }
    }

    @Test
    void qualityPutsTheBestFirstAndUnknownLast() {
        assertThat(rank(new QualityStrategy(), profile("x"), unpriced, cheap, dear, mid))
                .containsExactly("dear", "mid", "cheap", "unpriced");
    }

    @Test
    void throughputPrefersTheFastestObservedTokenRateAndPutsUnmeasuredLast() {
        f.state.attemptStarted("cheap", 1);
        f.state.attemptSucceeded("cheap", 1_000_000_000L, -1, 50);
        f.state.attemptStarted("mid", 1);
        f.state.attemptSucceeded("mid", 1_000_000_000L, -1, 200);
        assertThat(rank(new ThroughputStrategy(), profile("x"), dear, cheap, mid)).containsExactly("mid", "cheap", "dear");
    }

    @Test
    void leastBusyPrefersTheDeploymentWithFewestInFlight() {
        f.state.attemptStarted("cheap", 1);
        f.state.attemptStarted("cheap", 1);
        f.state.attemptStarted("mid", 1);
        assertThat(rank(new LeastBusyStrategy(new Random(3)), profile("x"), cheap, mid, dear))
                .containsExactly("dear", "mid", "cheap");
    }

    @Test
    void leastBusyBreaksTiesAtRandomSoIdleDeploymentsShare() {
        LeastBusyStrategy s = new LeastBusyStrategy(new Random(7));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            firsts.merge(rank(s, profile("x"), cheap, mid).get(0), 1, Integer::sum);
        }
        assertThat(firsts.get("cheap")).isBetween(400, 600);
    }

    @Test
    void roundRobinStartsOneFurtherEachTime() {
        RoundRobinStrategy s = new RoundRobinStrategy();
        assertThat(rank(s, profile("x"), cheap, mid, dear)).containsExactly("cheap", "mid", "dear");
        assertThat(rank(s, profile("x"), cheap, mid, dear)).containsExactly("mid", "dear", "cheap");
        assertThat(rank(s, profile("x"), cheap, mid, dear)).containsExactly("dear", "cheap", "mid");
        assertThat(rank(s, profile("x"), cheap, mid, dear)).containsExactly("cheap", "mid", "dear");
    }

    @Test
    void orderedKeepsTheGivenOrder() {
        assertThat(rank(new OrderedStrategy(), profile("x"), dear, cheap, mid)).containsExactly("dear", "cheap", "mid");
    }

    @Test
    void weightedSplitsNinetyTenExactlyOverEveryTenRequests() {
        Deployment stable = model("stable", provider("p"), 1.0, 1.0, null, 0, 0, 0, 90, EnumSet.of(Capability.CHAT));
        Deployment canary = model("canary", provider("q"), 1.0, 1.0, null, 0, 0, 0, 10, EnumSet.of(Capability.CHAT));
        WeightedStrategy s = new WeightedStrategy();
        for (int round = 0; round < 100; round++) {
            int canaries = 0;
            for (int i = 0; i < 10; i++) {
                List<String> r = rank(s, profile("x"), stable, canary);
                canaries += r.get(0).equals("canary") ? 1 : 0;
                assertThat(r).hasSize(2);
            }
            assertThat(canaries).isEqualTo(1);
        }
    }

    @Test
    void usagePrefersTheMostRateLimitHeadroom() {
        Deployment a = model("a", provider("p"), 1.0, 1.0, null, 0, 10, 0, 1, EnumSet.of(Capability.CHAT));
        Deployment b = model("b", provider("q"), 1.0, 1.0, null, 0, 10, 0, 1, EnumSet.of(Capability.CHAT));
        Deployment unlimited = model("unlimited", 1.0, 1.0, null);
        for (int i = 0; i < 8; i++) {
            f.state.attemptStarted("a", 1);
        }
        f.state.attemptStarted("b", 1);
        assertThat(rank(new UsageStrategy(), profile("x"), a, b, unlimited)).containsExactly("unlimited", "b", "a");
    }

    @Test
    void latencyOnAColdStartSpreadsTrafficEvenly() {
        LatencyStrategy s = new LatencyStrategy(new Random(11));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            firsts.merge(rank(s, profile("x"), cheap, mid, dear).get(0), 1, Integer::sum);
        }
        assertThat(firsts.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void latencyNeverPicksTheSlowestOfThreeFirstAndFavoursTheFastest() {
        f.answered(cheap, 100);
        f.answered(mid, 200);
        f.answered(dear, 2000);
        LatencyStrategy s = new LatencyStrategy(new Random(5));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            List<String> r = rank(s, profile("x"), cheap, mid, dear);
            firsts.merge(r.get(0), 1, Integer::sum);
            assertThat(r.get(2)).isIn("dear", "mid");
        }
        // power of two choices: the fastest wins 2 of 3 pairs, the middle one 1 of 3, the slowest none
        assertThat(firsts.get("cheap")).isBetween(1800, 2200);
        assertThat(firsts.get("mid")).isBetween(800, 1200);
        assertThat(firsts.getOrDefault("dear", 0)).isZero();
    }

    @Test
    void latencyDoesNotHerdOntoOneOfTwoCloseDeployments() {
        f.answered(cheap, 100);
        f.answered(mid, 100);
        LatencyStrategy s = new LatencyStrategy(new Random(9));
        int cheapFirst = 0;
        for (int i = 0; i < 2000; i++) {
            cheapFirst += rank(s, profile("x"), cheap, mid).get(0).equals("cheap") ? 1 : 0;
        }
        assertThat(cheapFirst).isBetween(850, 1150);
    }

    @Test
    void latencyMovesAwayFromADeploymentAfterOneSlowSample() {
        f.answered(cheap, 100);
        f.answered(mid, 120);
        LatencyStrategy s = new LatencyStrategy(new Random(2));
        f.answered(cheap, 1000);
        assertThat(f.state.stats("cheap").peakEwmaMs(false, f.now.get())).isCloseTo(1000, within(1.0));
        for (int i = 0; i < 100; i++) {
            assertThat(rank(s, profile("x"), cheap, mid).get(0)).isEqualTo("mid");
        }
    }

    @Test
    void latencyWeighsInFlightRequestsSoASaturatedFastModelSharesLoad() {
        f.answered(cheap, 100);
        f.answered(mid, 300);
        for (int i = 0; i < 5; i++) {
            f.state.attemptStarted("cheap", 1);
        }
        // cheap: 100 ms * 6 in flight = 600 > mid: 300 ms * 1
        assertThat(rank(new LatencyStrategy(new Random(1)), profile("x"), cheap, mid).get(0)).isEqualTo("mid");
    }

    @Test
    void latencyUsesTimeToFirstTokenForStreamedRequests() {
        f.state.attemptStarted("cheap", 1);
        f.state.attemptSucceeded("cheap", 5_000_000_000L, 900_000_000L, 100);
        f.state.attemptStarted("mid", 1);
        f.state.attemptSucceeded("mid", 2_000_000_000L, 100_000_000L, 100);
        var r = ask("x");
        r.stream = true;
        var first = new LatencyStrategy(new Random(1)).rank(profile(r, Preferences.NONE), List.of(cheap, mid), f.state)
                .get(0);
        assertThat(first.deployment().id()).isEqualTo("mid");
        assertThat(first.components().get("peak_ewma_ms")).isCloseTo(100, within(0.5));
    }

    @Test
    void balancedFollowsTheWeights() {
        f.answered(cheap, 900);
        f.answered(mid, 400);
        f.answered(dear, 100);
        BalancedStrategy s = new BalancedStrategy();
        assertThat(rank(s, profile(ask("x"), prefs(Map.of("x-llmrouter-weights", "cost=1")))).get(0)).isEqualTo("cheap");
        assertThat(rank(s, profile(ask("x"), prefs(Map.of("x-llmrouter-weights", "latency=1"))), cheap, mid, dear).get(0))
                .isEqualTo("dear");
        assertThat(rank(s, profile(ask("x"), prefs(Map.of("x-llmrouter-weights", "quality=1"))), cheap, mid, dear).get(0))
                .isEqualTo("dear");
        var candidate = s.rank(profile(ask("x"), prefs(Map.of("x-llmrouter-weights", "cost=1"))), List.of(cheap, mid, dear),
                f.state).get(0);
        assertThat(candidate.components()).containsKeys("utility", "cost_norm", "latency_norm", "quality_norm");
        assertThat(candidate.score()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void balancedCountsAnUnknownPriceAsTheMostExpensive() {
        List<String> r = rank(new BalancedStrategy(), profile(ask("x"), prefs(Map.of("x-llmrouter-weights", "cost=1"))),
                unpriced, dear);
        assertThat(r).containsExactly("dear", "unpriced");
    }

    private List<String> rank(Strategy s, RequestProfile p) {
        return rank(s, p, cheap, mid, dear);
    }
}
