package io.llmrouter.state.hazelcast;

import java.io.IOException;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** One budget's settled spend and reservations in flight, held by its partition's owner and backup. */
final class BudgetTally implements IdentifiedDataSerializable {

    double spent;
    double held;

    /** For deserialization. */
    BudgetTally() {
    }

    BudgetTally(double spent, double held) {
        this.spent = spent;
        this.held = held;
    }

    @Override
    public int getFactoryId() {
        return StateSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StateSerialization.BUDGET_TALLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeDouble(spent);
        out.writeDouble(held);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        spent = in.readDouble();
        held = in.readDouble();
    }
}
