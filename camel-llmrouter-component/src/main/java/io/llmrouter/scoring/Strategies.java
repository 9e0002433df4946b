package io.llmrouter.scoring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/** The built-in strategies by name, then whatever the fallback (e.g. the Camel registry) knows. */
public final class Strategies {

    private final Map<String, Strategy> builtIn;
    private final Function<String, Strategy> fallback;
    private final LearnedStrategy learned;

    public Strategies(Random random, LearnedStrategy learned, Function<String, Strategy> fallback) {
        List<Strategy> all = List.of(new OrderedStrategy(), new CostStrategy(), new LatencyStrategy(random),
                new ThroughputStrategy(), new QualityStrategy(), new BalancedStrategy(), new WeightedStrategy(),
                new RoundRobinStrategy(), new LeastBusyStrategy(random), new UsageStrategy(), learned);
        Map<String, Strategy> byName = new HashMap<>();
        all.forEach(s -> byName.put(s.name(), s));
        this.builtIn = Map.copyOf(byName);
        this.fallback = fallback;
        this.learned = learned;
    }

    /** The learned strategy, which also predicts the difficulty that rules may match on. */
    public LearnedStrategy learned() {
        return learned;
    }

    /** The strategy of that name, or null. */
    public Strategy find(String name) {
        Strategy s = builtIn.get(name);
        return s != null ? s : fallback.apply(name);
    }
}
