package io.llmrouter.state.hazelcast;

import java.util.Map;

import com.hazelcast.map.EntryProcessor;

/**
 * Adds a batch of spend to one shard of the ledger on its partition owner (and, replayed, on its backup): no
 * read-modify-write from the caller, so no addition is lost or counted twice by concurrent writers.
 */
final class AddSpendProcessor implements EntryProcessor<String, SpendBook, Boolean> {

    private final SpendBook batch;

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
}
