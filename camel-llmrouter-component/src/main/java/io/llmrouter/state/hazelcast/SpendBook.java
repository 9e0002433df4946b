package io.llmrouter.state.hazelcast;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/** Spend in USD per account and per model: one shard of the cluster's ledger, or a batch of additions to it. */
final class SpendBook implements Serializable {

    private static final long serialVersionUID = 1L;

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

    boolean isEmpty() {
        return accounts.isEmpty();
    }

    Map<String, Double> models() {
        return models;
    }
}
