package io.llmrouter.state.hazelcast;

import java.io.IOException;
import java.util.Map;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Hands one node a share of a deployment's rpm/tpm headroom and counts it in the window in one step on the partition
 * owner, so that what all nodes admit together can never exceed the limit. The share is a {@link #SHARE}th of the
 * headroom, and at least what the asking attempt needs: large while the window is far from its limit, so a node
 * admits many attempts per round trip, and down to one attempt near the limit, where every attempt is decided here.
 * The caller's wall-clock time travels with it so that the backup replays the same decision.
 */
final class GrantProcessor implements EntryProcessor<String, RateWindow, RateGrant>, IdentifiedDataSerializable {

    static final int SHARE = 32;

    private long nowMillis;
    private int tokens;
    private int rpm;
    private int tpm;

    /** For deserialization. */
    GrantProcessor() {
    }

    /** @param tokens the estimated tokens of the attempt asking; the grant holds at least that many */
    GrantProcessor(long nowMillis, int tokens, int rpm, int tpm) {
        this.nowMillis = nowMillis;
        this.tokens = tokens;
        this.rpm = rpm;
        this.tpm = tpm;
    }

    @Override
    public RateGrant process(Map.Entry<String, RateWindow> entry) {
        RateWindow w = (entry.getValue() == null ? RateWindow.EMPTY : entry.getValue()).at(nowMillis);
        long requests = rpm > 0 ? share(rpm - w.requestsLastMinute(nowMillis), 1) : RateGrant.UNLIMITED;
        long granted = tpm > 0 ? share(tpm - w.tokensLastMinute(nowMillis), tokens) : RateGrant.UNLIMITED;
        if (requests < 0 || granted < 0) {
            return RateGrant.REFUSED;
        }
        entry.setValue(w.plus(rpm > 0 ? requests : 0, tpm > 0 ? granted : 0));
        return new RateGrant(w.minute(), requests, granted);
    }

    /** A share of the headroom of at least {@code atLeast}, or -1 when even that does not fit. */
    static long share(long headroom, long atLeast) {
        return headroom < atLeast ? -1 : Math.max(atLeast, headroom / SHARE);
    }

    @Override
    public int getFactoryId() {
        return StateSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StateSerialization.GRANT;
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
