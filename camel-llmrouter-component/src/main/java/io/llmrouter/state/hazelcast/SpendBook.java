package io.llmrouter.state.hazelcast;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** Spend in USD per account and per model: one shard of the cluster's ledger, or a batch of additions to it. */
final class SpendBook implements IdentifiedDataSerializable {

    private final HashMap<String, Double> accounts = new HashMap<>();
    private final HashMap<String, Double> models = new HashMap<>();

    void add(String account, String model, double usd) {
        accounts.merge(account, usd, Double::sum);
        models.merge(model, usd, Double::sum);
    }

    void addAll(SpendBook other) {
        other.accounts.forEach((k, v) -> accounts.merge(k, v, Double::sum));
        other.models.forEach((k, v) -> models.merge(k, v, Double::sum));
    }

    double account(String account) {
        return accounts.getOrDefault(account, 0.0);
    }

    /** The spend of all accounts together. */
    double total() {
        double sum = 0;
        for (double usd : accounts.values()) {
            sum += usd;
        }
        return sum;
    }

    boolean isEmpty() {
        return accounts.isEmpty();
    }

    Map<String, Double> models() {
        return models;
    }

    @Override
    public int getFactoryId() {
        return StateSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StateSerialization.SPEND_BOOK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        write(accounts, out);
        write(models, out);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        read(in, accounts);
        read(in, models);
    }

    private static void write(Map<String, Double> sums, ObjectDataOutput out) throws IOException {
        out.writeInt(sums.size());
        for (Map.Entry<String, Double> e : sums.entrySet()) {
            out.writeString(e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    private static void read(ObjectDataInput in, Map<String, Double> into) throws IOException {
        for (int n = in.readInt(); n > 0; n--) {
            into.put(in.readString(), in.readDouble());
        }
    }
}
