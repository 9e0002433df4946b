package io.llmrouter.state;

import java.util.concurrent.atomic.AtomicLong;

/** An exponentially weighted mean; 0 until the first sample. */
final class Ewma {

    static final double ALPHA = 0.2;

    private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));

    void add(double sample) {
        bits.getAndUpdate(b -> {
            double old = Double.longBitsToDouble(b);
            return Double.doubleToRawLongBits(Double.isNaN(old) ? sample : old + ALPHA * (sample - old));
        });
    }

    double value() {
        double v = Double.longBitsToDouble(bits.get());
        return Double.isNaN(v) ? 0 : v;
    }
}
