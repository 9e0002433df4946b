package io.llmrouter.state.hazelcast;

import java.io.IOException;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.llmrouter.state.MinuteWindow;

/**
 * A deployment's cluster-wide request and token counts in the current and previous wall-clock minute; lives on the
 * deployment's partition owner and is only changed by {@link GrantProcessor} and {@link ReturnGrantProcessor}; the
 * counts include what was granted to nodes and not used yet. Immutable once built.
 */
final class RateWindow implements IdentifiedDataSerializable {

    static final long MINUTE_MILLIS = 60_000;
    static final RateWindow EMPTY = new RateWindow(Long.MIN_VALUE, 0, 0, 0, 0);

    private long minute;
    private long requests;
    private long previousRequests;
    private long tokens;
    private long previousTokens;

    /** For deserialization. */
    RateWindow() {
    }

    RateWindow(long minute, long requests, long previousRequests, long tokens, long previousTokens) {
        this.minute = minute;
        this.requests = requests;
        this.previousRequests = previousRequests;
        this.tokens = tokens;
        this.previousTokens = previousTokens;
    }

    /** The same window moved to the minute of {@code nowMillis}. */
    RateWindow at(long nowMillis) {
        long m = Math.floorDiv(nowMillis, MINUTE_MILLIS);
        if (m == minute) {
            return this;
        }
        return m == minute + 1 ? new RateWindow(m, 0, requests, 0, tokens) : new RateWindow(m, 0, 0, 0, 0);
    }

    long requestsLastMinute(long nowMillis) {
        return MinuteWindow.slidingCount(requests, previousRequests, Math.floorMod(nowMillis, MINUTE_MILLIS),
                MINUTE_MILLIS);
    }

    long tokensLastMinute(long nowMillis) {
        return MinuteWindow.slidingCount(tokens, previousTokens, Math.floorMod(nowMillis, MINUTE_MILLIS),
                MINUTE_MILLIS);
    }

    long minute() {
        return minute;
    }

    RateWindow plus(long n, long t) {
        return new RateWindow(minute, requests + n, previousRequests, tokens + t, previousTokens);
    }

    /** Without {@code n} requests and {@code t} tokens counted in minute {@code m}; this same window if m is gone. */
    RateWindow minus(long m, long n, long t) {
        if (m == minute) {
            return new RateWindow(minute, Math.max(0, requests - n), previousRequests, Math.max(0, tokens - t),
                    previousTokens);
        }
        if (m == minute - 1) {
            return new RateWindow(minute, requests, Math.max(0, previousRequests - n), tokens,
                    Math.max(0, previousTokens - t));
        }
        return this;
    }

    @Override
    public int getFactoryId() {
        return StateSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StateSerialization.RATE_WINDOW;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(minute);
        out.writeLong(requests);
        out.writeLong(previousRequests);
        out.writeLong(tokens);
        out.writeLong(previousTokens);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        minute = in.readLong();
        requests = in.readLong();
        previousRequests = in.readLong();
        tokens = in.readLong();
        previousTokens = in.readLong();
    }
}
