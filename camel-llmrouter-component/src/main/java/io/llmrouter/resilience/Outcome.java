package io.llmrouter.resilience;

import java.util.List;

import io.llmrouter.catalog.Deployment;

/** The answer of the attempt that succeeded, who gave it, and every attempt made on the way. */
public record Outcome<T>(T value, Deployment deployment, List<Attempt> attempts) {

    public long upstreamNanos() {
        long sum = 0;
        for (Attempt a : attempts) {
            sum += a.durationNanos();
        }
        return sum;
    }
}
