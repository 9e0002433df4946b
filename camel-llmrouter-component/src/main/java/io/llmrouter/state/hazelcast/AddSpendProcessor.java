package io.llmrouter.state.hazelcast;

import java.io.IOException;
import java.util.Map;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Adds a batch of spend to one shard of the ledger on its partition owner (and, replayed, on its backup): no
 * read-modify-write from the caller, so no addition is lost or counted twice by concurrent writers.
 */
final class AddSpendProcessor implements EntryProcessor<String, SpendBook, Boolean>, IdentifiedDataSerializable {

    private SpendBook batch;

    /** For deserialization. */
    AddSpendProcessor() {
    }

    AddSpendProcessor(SpendBook batch) {
        this.batch = batch;
    }

    @Override
    public Boolean process(Map.Entry<String, SpendBook> entry) {
        // a new value, not the old one changed in place: Hazelcast stores what setValue is given only if it differs
        SpendBook shard = new SpendBook();
        if (entry.getValue() != null) {
            shard.addAll(entry.getValue());
        }
        shard.addAll(batch);
        entry.setValue(shard);
        return Boolean.TRUE;
    }

    @Override
    public int getFactoryId() {
        return StateSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StateSerialization.ADD_SPEND;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        batch.writeData(out);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        batch = new SpendBook();
        batch.readData(in);
    }
}
