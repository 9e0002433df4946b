package io.llmrouter.state.hazelcast;

import java.io.IOException;
import java.util.Map;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Reserves against or settles one budget on its partition owner (replayed on the backup), so concurrent callers on
 * any member can never both take the last of a budget. Answers {granted (1 or 0), spent, held}.
 */
final class BudgetProcessor implements EntryProcessor<String, BudgetTally, double[]>, IdentifiedDataSerializable {

    private boolean settle;
    private double usd;
    private double limitOrActual;
    private double seed;

    /** For deserialization. */
    BudgetProcessor() {
    }

    static BudgetProcessor reserve(double usd, double limit, double seed) {
        BudgetProcessor p = new BudgetProcessor();
        p.usd = usd;
        p.limitOrActual = limit;
        p.seed = seed;
        return p;
    }

    static BudgetProcessor settle(double reserved, double actual, double seed) {
        BudgetProcessor p = reserve(reserved, actual, seed);
        p.settle = true;
        return p;
    }

    @Override
    public double[] process(Map.Entry<String, BudgetTally> entry) {
        BudgetTally was = entry.getValue();
        double spent = was == null ? seed : was.spent;
        double held = was == null ? 0 : was.held;
        if (settle) {
            held = Math.max(0, held - usd);
            spent += limitOrActual;
        } else if (limitOrActual >= 0 && spent + held + usd > limitOrActual) {
            return new double[] {0, spent, spent + held};
        } else {
            held += usd;
        }
        // a new value: Hazelcast stores what setValue is given only if it differs from what it holds
        entry.setValue(new BudgetTally(spent, held));
        return new double[] {1, spent, spent + held};
    }

    @Override
    public int getFactoryId() {
        return StateSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StateSerialization.BUDGET;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(settle);
        out.writeDouble(usd);
        out.writeDouble(limitOrActual);
        out.writeDouble(seed);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        settle = in.readBoolean();
        usd = in.readDouble();
        limitOrActual = in.readDouble();
        seed = in.readDouble();
    }
}
