package io.llmrouter.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.InMemoryRouterState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The breaker and out-of-rotation gauges read the state when asked, with one bounded reason per cause. */
class DeploymentGaugesTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final InMemoryRouterState state = new InMemoryRouterState(now::get);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    DeploymentGaugesTest() {
        DeploymentGauges.register(registry, TelemetryCatalog.of(), state);
    }

    private double breaker(String deployment, String s) {
        return registry.get(DeploymentGauges.BREAKER).tags("deployment", deployment, "state", s).gauge().value();
    }

    private double unavailable(String deployment, String reason) {
        return registry.get(DeploymentGauges.UNAVAILABLE).tags("deployment", deployment, "reason", reason).gauge()
                .value();
    }

    @Test
    void eachCauseOfBeingOutOfRotationHasItsReasonUntilItPasses() {
        state.circuitChanged("a", CircuitStatus.OPEN, now.get() + 5_000_000_000L, true);
        state.attemptFailed("b", ErrorKind.RATE_LIMITED, 0, 2_000);
        state.attemptFailed("c", ErrorKind.AUTHENTICATION, 0, -1);

        assertThat(breaker("a", "open")).isEqualTo(1);
        assertThat(breaker("a", "closed")).isZero();
        assertThat(breaker("b", "closed")).isEqualTo(1);
        assertThat(unavailable("a", DeploymentGauges.CIRCUIT_OPEN)).isEqualTo(1);
        assertThat(unavailable("a", DeploymentGauges.COOLDOWN)).isZero();
        assertThat(unavailable("b", DeploymentGauges.COOLDOWN)).isEqualTo(1);
        assertThat(unavailable("c", DeploymentGauges.CREDENTIALS)).isEqualTo(1);

        now.addAndGet(10_000_000_000L);
        assertThat(unavailable("a", DeploymentGauges.CIRCUIT_OPEN)).isZero();
        assertThat(unavailable("b", DeploymentGauges.COOLDOWN)).isZero();
        assertThat(unavailable("c", DeploymentGauges.CREDENTIALS)).as("rechecked after a minute").isEqualTo(1);
    }

    @Test
    void onlyCatalogDeploymentsHaveGauges() {
        assertThat(registry.find(DeploymentGauges.BREAKER).gauges()).hasSize(3 * CircuitStatus.values().length);
        assertThat(registry.find(DeploymentGauges.IN_FLIGHT).gauges()).hasSize(3);
    }
}
