package io.llmrouter.state;

import java.util.concurrent.atomic.AtomicReference;

/** Peak EWMA: the cost and the time of its last update, packed so that both change together. */
final class PeakEwma {

    /**
     * A slower sample raises the cost at once; faster samples lower it with this time constant, so the router moves
     * away from a deployment that slows down within one sample and comes back gradually.
     */
    static final long DECAY_NANOS = 10_000_000_000L;

    private final AtomicReference<double[]> state = new AtomicReference<>(null);

    void add(double sample, long now) {
        state.getAndUpdate(s -> {
            if (s == null) {
                return new double[] { sample, now };
            }
            double decayed = decay(s, now);
            double cost = sample > decayed ? sample : decayed + (sample - decayed) * (1 - weight(s, now));
            return new double[] { cost, now };
        });
    }

    double value(long now) {
        double[] s = state.get();
        return s == null ? 0 : decay(s, now);
    }

    /** Without samples the cost decays towards zero, so an idle deployment is probed again. */
    private static double decay(double[] s, long now) {
        return s[0] * weight(s, now);
    }

    private static double weight(double[] s, long now) {
        double elapsed = Math.max(0, now - (long) s[1]);
        return Math.exp(-elapsed / DECAY_NANOS);
    }
}
