package io.llmrouter.provider.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live knobs and load of the simulator, per model: a slowdown factor to play "this provider got slow" during a demo or
 * a chaos run, and the requests in progress that make a model with a {@code capacity} saturate.
 */
public final class SimControls {

    private final Map<String, Double> slowdown = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

    /** Multiplies the model's latencies by {@code factor} (1 restores it). */
    public void slowDown(String model, double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("slowdown factor must be > 0, was " + factor);
        }
        slowdown.put(model, factor);
    }

    double slowdown(String model) {
        return slowdown.getOrDefault(model, 1.0);
    }

    /** Counts a request in and returns how much slower than normal it runs given the model's capacity. */
    double enter(String model, int capacity) {
        int now = active.computeIfAbsent(model, k -> new AtomicInteger()).incrementAndGet();
        double load = capacity > 0 && now > capacity ? (double) now / capacity : 1.0;
        return load * slowdown(model);
    }

    /** The model's requests in progress. */
    public int inFlight(String model) {
        AtomicInteger n = active.get(model);
        return n == null ? 0 : n.get();
    }

    void exit(String model) {
        AtomicInteger n = active.get(model);
        if (n != null) {
            n.decrementAndGet();
        }
    }
}
