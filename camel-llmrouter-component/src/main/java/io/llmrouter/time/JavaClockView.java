package io.llmrouter.time;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A {@link Clock} seen as a UTC {@link java.time.Clock}, with millisecond precision. */
final class JavaClockView extends java.time.Clock {

    private final Clock clock;

    JavaClockView(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("the router's clock is UTC only, not " + zone);
        }
        return this;
    }

    @Override
    public long millis() {
        return clock.millis();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
