package io.llmrouter.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Model;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.ProviderTypes;
import io.llmrouter.scoring.LearnedStrategy;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.scoring.Ranker;
import io.llmrouter.scoring.Ranking;
import io.llmrouter.scoring.RequestProfile;
import io.llmrouter.scoring.Strategies;
import io.llmrouter.scoring.Strategy;
import io.llmrouter.state.InMemoryRouterState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to filter and rank N candidates (the router's per-request decision), with live statistics for every
 * deployment. The request profile is built once; its token count is cached as in a real request after the first use.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RankingBenchmark {

    @Param({ "5", "50", "500" })
    int candidates;

    @Param({ "ordered", "cost", "latency", "balanced" })
    String strategy;

    private Ranker ranker;
    private Strategy chosen;
    private List<Deployment> deployments;
    private RequestProfile profile;

    @Setup
    public void setup() {
        Random random = new Random(1);
        InMemoryRouterState state = new InMemoryRouterState();
        deployments = new ArrayList<>();
        for (int i = 0; i < candidates; i++) {
            Provider p = new Provider("p" + (i % 7), ProviderTypes.OPENAI, "http://127.0.0.1:9/v1", null, null, Map.of(),
                    Duration.ofSeconds(1), Duration.ofSeconds(10), null, Set.of("us"), null);
            Model m = new Model("model-" + i, List.of(), p.id(), "model-" + i, 0.1 + random.nextDouble() * 10,
                    0.4 + random.nextDouble() * 30, null, 128_000, 16_384,
                    EnumSet.of(Capability.CHAT, Capability.TOOLS, Capability.STREAMING), List.of(), 10_000, 1_000_000,
                    random.nextDouble(), Map.of(), 1 + random.nextInt(10), null, null, null);
            deployments.add(new Deployment(m, p));
            state.attemptStarted(m.id(), 100);
            state.attemptSucceeded(m.id(), (50 + random.nextInt(500)) * 1_000_000L, -1, 100);
        }
        ranker = new Ranker(state);
        chosen = new Strategies(new Random(2), new LearnedStrategy((io.llmrouter.catalog.LearnedSettings) null), n -> null).find(strategy);
        ChatRequest r = new ChatRequest();
        r.messages = List.of(ChatMessage.of("system", "You are a helpful assistant."),
                ChatMessage.of("user", "Summarise the plot of Hamlet in three sentences, please."));
        profile = RequestProfile.of(r, Preferences.NONE);
    }

    @Benchmark
    public Ranking rank() {
        return ranker.rank(profile, deployments, chosen);
    }
}
