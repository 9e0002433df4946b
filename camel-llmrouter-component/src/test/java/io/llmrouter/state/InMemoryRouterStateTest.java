package io.llmrouter.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

/** The single-node state keeps the {@link RouterStateContract}. */
class InMemoryRouterStateTest extends RouterStateContract {

    @Override
    protected RouterState newState(LongSupplier nanoClock) {
        return new InMemoryRouterState(nanoClock);
    }

    @Test
    void sumsSpendPerModelAcrossAccounts() {
        RouterState s = state;
        s.recordSpend("team-a", "m1", 0.25);
        s.recordSpend("team-b", "m1", 1.0);
        assertThat(s.spendByModel()).containsExactly(entry("m1", 1.25));
    }
}
