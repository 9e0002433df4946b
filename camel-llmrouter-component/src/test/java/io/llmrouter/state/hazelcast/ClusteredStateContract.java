package io.llmrouter.state.hazelcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.hazelcast.core.HazelcastInstance;
import io.llmrouter.state.RouterStateContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The contract over Hazelcast: states on the virtual clock, maps emptied between tests, states closed after them. */
abstract class ClusteredStateContract extends RouterStateContract {

    private final List<HazelcastRouterState> states = new ArrayList<>();

    /** A member holding the data, to empty it between tests. */
    protected abstract HazelcastInstance dataMember();

    protected HazelcastRouterState stateOn(HazelcastInstance hz, ClusterSettings.SpendDurability durability) {
        HazelcastRouterState s = new HazelcastRouterState(hz, now::get, () -> now.get() / 1_000_000L,
                Duration.ofMillis(50), durability);
        states.add(s);
        return s;
    }

    protected HazelcastRouterState stateOn(HazelcastInstance hz) {
        return stateOn(hz, ClusterSettings.SpendDurability.SYNC);
    }

    @BeforeEach
    void forgetEarlierTests() {
        dataMember().getMap(HazelcastRouterState.RATE_MAP).clear();
        dataMember().getMap(HazelcastRouterState.SPEND_MAP).clear();
    }

    @AfterEach
    void closeStates() {
        states.forEach(HazelcastRouterState::close);
    }
}
