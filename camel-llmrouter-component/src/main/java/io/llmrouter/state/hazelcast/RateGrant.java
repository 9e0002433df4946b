package io.llmrouter.state.hazelcast;

import java.io.IOException;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * A part of a deployment's rate window that its owner counted and handed to one node, to admit attempts from during
 * the window's minute: {@code requests} attempts and {@code tokens} estimated tokens, {@link #UNLIMITED} in a dimension
 * without a limit. Refused when the window had no room for even one attempt. Also what a node gives back unused
 * ({@link ReturnGrantProcessor}).
 */
final class RateGrant implements IdentifiedDataSerializable {

    static final long UNLIMITED = Long.MAX_VALUE;
    static final RateGrant REFUSED = new RateGrant(Long.MIN_VALUE, 0, 0);

    private long minute;
    private long requests;
    private long tokens;

    /** For deserialization. */
    RateGrant() {
    }

    RateGrant(long minute, long requests, long tokens) {
        this.minute = minute;
        this.requests = requests;
        this.tokens = tokens;
    }

    boolean refused() {
        return requests == 0;
    }

    long minute() {
        return minute;
    }

    long requests() {
        return requests;
    }

    long tokens() {
        return tokens;
    }

    @Override
    public int getFactoryId() {
        return StateSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StateSerialization.RATE_GRANT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(minute);
        out.writeLong(requests);
        out.writeLong(tokens);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        minute = in.readLong();
        requests = in.readLong();
        tokens = in.readLong();
    }
}
