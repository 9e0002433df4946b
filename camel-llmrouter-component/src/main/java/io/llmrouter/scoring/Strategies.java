package io.llmrouter.scoring;

import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/** The built-in strategies by name, then whatever the fallback (e.g. the Camel registry) knows. */
public final class Strategies {

    private final Map<String, Strategy> builtIn;
    private final Function<String, Strategy> fallback;

    public Strategies(Random random, Function<String, Strategy> fallback) {
        this.builtIn = Map.of(
                OrderedStrategy.NAME, new OrderedStrategy(),
                CostStrategy.NAME, new CostStrategy(),
                LatencyStrategy.NAME, new LatencyStrategy(random),
                ThroughputStrategy.NAME, new ThroughputStrategy(),
                QualityStrategy.NAME, new QualityStrategy(),
                BalancedStrategy.NAME, new BalancedStrategy(),
                WeightedStrategy.NAME, new WeightedStrategy(),
                RoundRobinStrategy.NAME, new RoundRobinStrategy(),
                LeastBusyStrategy.NAME, new LeastBusyStrategy(random),
                UsageStrategy.NAME, new UsageStrategy());
        this.fallback = fallback;
    }

    /** The strategy of that name, or null. */
    public Strategy find(String name) {
        Strategy s = builtIn.get(name);
        return s != null ? s : fallback.apply(name);
    }
}
