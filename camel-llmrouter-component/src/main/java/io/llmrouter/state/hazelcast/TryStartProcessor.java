package io.llmrouter.state.hazelcast;

import java.io.IOException;
import java.util.Map;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Checks a deployment's rpm/tpm headroom and counts the attempt in one step on the partition owner, so that concurrent
 * requests from any member cannot overshoot. The caller's wall-clock time travels with it so that the backup replays
 * the same decision.
 */
final class TryStartProcessor implements EntryProcessor<String, RateWindow, Boolean>, IdentifiedDataSerializable {

    private long nowMillis;
    private int tokens;
    private int rpm;
    private int tpm;

    /** For deserialization. */
    TryStartProcessor() {
    }

    TryStartProcessor(long nowMillis, int tokens, int rpm, int tpm) {
        this.nowMillis = nowMillis;
        this.tokens = tokens;
        this.rpm = rpm;
        this.tpm = tpm;
    }

    @Override
    public Boolean process(Map.Entry<String, RateWindow> entry) {
        RateWindow w = (entry.getValue() == null ? RateWindow.EMPTY : entry.getValue()).at(nowMillis);
        if (rpm > 0 && w.requestsLastMinute(nowMillis) >= rpm
                || tpm > 0 && w.tokensLastMinute(nowMillis) + tokens > tpm) {
            return Boolean.FALSE;
        }
        entry.setValue(w.plus(1, tokens));
        return Boolean.TRUE;
    }

    @Override
    public int getFactoryId() {
        return StateSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StateSerialization.TRY_START;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(nowMillis);
        out.writeInt(tokens);
        out.writeInt(rpm);
        out.writeInt(tpm);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        nowMillis = in.readLong();
        tokens = in.readInt();
        rpm = in.readInt();
        tpm = in.readInt();
    }
}
