package io.llmrouter.state.hazelcast;

import java.util.Map;

import com.hazelcast.map.EntryProcessor;

/** Adds to a spend total on its partition owner: no read-modify-write from the caller, so no update is lost. */
final class AddSpendProcessor implements EntryProcessor<String, Double, Double> {

    private final double usd;

    AddSpendProcessor(double usd) {
        this.usd = usd;
    }

    @Override
    public Double process(Map.Entry<String, Double> entry) {
        Double old = entry.getValue();
        double sum = (old == null ? 0 : old) + usd;
        entry.setValue(sum);
        return sum;
    }
}
