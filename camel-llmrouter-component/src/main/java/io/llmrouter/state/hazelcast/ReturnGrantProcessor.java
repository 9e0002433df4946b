package io.llmrouter.state.hazelcast;

import java.io.IOException;
import java.util.Map;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Takes the unused part of a grant back out of the window it was counted in (the current or the previous minute), so
 * that a node that stopped admitting does not keep other nodes from the headroom.
 */
final class ReturnGrantProcessor implements EntryProcessor<String, RateWindow, Boolean>, IdentifiedDataSerializable {

    private RateGrant unused;

    /** For deserialization. */
    ReturnGrantProcessor() {
    }

    ReturnGrantProcessor(RateGrant unused) {
        this.unused = unused;
    }

    @Override
    public Boolean process(Map.Entry<String, RateWindow> entry) {
        RateWindow w = entry.getValue();
        if (w == null) {
            return Boolean.FALSE;
        }
        RateWindow back = w.minus(unused.minute(), unused.requests(), unused.tokens());
        if (back != w) {
            entry.setValue(back);
        }
        return back != w;
    }

    @Override
    public int getFactoryId() {
        return StateSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StateSerialization.RETURN_GRANT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        unused.writeData(out);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        unused = new RateGrant();
        unused.readData(in);
    }
}
