package io.llmrouter.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** At most N requests per origin wait for a connection at once; the rest queue in order, abandoned ones are skipped. */
class ConnectionGateTest {

    private final List<String> started = new ArrayList<>();

    private ConnectionGate.Entry entry(String name) {
        return new ConnectionGate.Entry(() -> started.add(name + " at once"), () -> started.add(name + " later"));
    }

    @Test
    void startsRequestsAtOnceUpToTheBoundThenQueuesTheRestInOrder() {
        ConnectionGate gate = new ConnectionGate(2);
        gate.submit(entry("a"));
        gate.submit(entry("b"));
        gate.submit(entry("c"));
        gate.submit(entry("d"));
        assertThat(started).containsExactly("a at once", "b at once");
        assertThat(gate.queued()).isEqualTo(2);
        gate.connected();
        assertThat(started).containsExactly("a at once", "b at once", "c later");
        gate.connected();
        gate.connected();
        assertThat(started).containsExactly("a at once", "b at once", "c later", "d later");
        assertThat(gate.connecting()).isEqualTo(1);
        gate.connected();
        assertThat(gate.connecting()).isZero();
    }

    @Test
    void anEntryAbandonedWhileQueuedNeverStartsAndTakesNoPlace() {
        ConnectionGate gate = new ConnectionGate(1);
        gate.submit(entry("a"));
        ConnectionGate.Entry b = entry("b");
        gate.submit(b);
        gate.submit(entry("c"));
        assertThat(gate.abandon(b)).isTrue();
        gate.connected();
        assertThat(started).containsExactly("a at once", "c later");
    }

    @Test
    void anEntryAlreadyUnderWayCannotBeAbandoned() {
        ConnectionGate gate = new ConnectionGate(1);
        ConnectionGate.Entry a = entry("a");
        gate.submit(a);
        assertThat(gate.abandon(a)).isFalse();
    }

    @Test
    void refusesABoundBelowOne() {
        assertThatThrownBy(() -> new ConnectionGate(0)).hasMessageContaining("at least 1, was 0");
    }
}
