package io.llmrouter.state.hazelcast;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Creates the objects that cross the cluster on the request path (rate windows, spend, budgets, and the entry processors that
 * change them) by id: Hazelcast then writes their fields and nothing else, where Java serialization would also write
 * class descriptors on every operation. Registered with every member and client by {@link HazelcastCluster}.
 */
public final class StateSerialization implements DataSerializableFactory {

    public static final int FACTORY_ID = 0x11_70_07;

    static final int RATE_WINDOW = 1;
    static final int GRANT = 2;
    static final int SPEND_BOOK = 3;
    static final int ADD_SPEND = 4;
    static final int RATE_GRANT = 5;
    static final int RETURN_GRANT = 6;
    static final int BUDGET_TALLY = 7;
    static final int BUDGET = 8;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case RATE_WINDOW -> new RateWindow();
            case GRANT -> new GrantProcessor();
            case SPEND_BOOK -> new SpendBook();
            case ADD_SPEND -> new AddSpendProcessor();
            case RATE_GRANT -> new RateGrant();
            case RETURN_GRANT -> new ReturnGrantProcessor();
            case BUDGET_TALLY -> new BudgetTally();
            case BUDGET -> new BudgetProcessor();
            default -> null;
        };
    }
}
