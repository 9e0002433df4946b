package io.llmrouter.resilience;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.RouterState;

/**
 * One Resilience4j circuit breaker per deployment. Every state change is published to the {@link RouterState}, so
 * the ranking's health filter skips open deployments (on this node and, with a shared state, on every node). An open
 * breaker moves to half open on the first permission asked after its open period, which the ranking allows once the
 * period has passed: recovered providers get traffic back without any timer thread.
 */
public final class Breakers {

    private final CircuitBreakerRegistry registry;
    private final RouterState state;
    private final BreakerSettings settings;
    private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public Breakers(BreakerSettings settings, RouterState state) {
        this.settings = settings;
        this.state = state;
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRatePercent())
                .slowCallRateThreshold(settings.slowCallRatePercent())
                .slowCallDurationThreshold(settings.slowCall())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    }

    public BreakerSettings settings() {
        return settings;
    }

    /** Asks the deployment's breaker to let one call through. */
    public boolean tryAcquire(String deployment) {
        return breaker(deployment).tryAcquirePermission();
    }

    /** Gives back a permission that was not used for a call. */
    public void release(String deployment) {
        breaker(deployment).releasePermission();
    }

    public void onSuccess(String deployment, long nanos) {
        breaker(deployment).onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts provider faults; the caller's errors, rate limits and cancellations do not open a breaker. */
    public void onFailure(String deployment, ErrorKind kind, long nanos) {
        CircuitBreaker b = breaker(deployment);
        if (countsAgainstProvider(kind)) {
            b.onError(nanos, TimeUnit.NANOSECONDS, new ProviderFault(kind));
        } else {
            b.releasePermission();
        }
    }

    public CircuitStatus status(String deployment) {
        return switch (breaker(deployment).getState()) {
            case OPEN, FORCED_OPEN -> CircuitStatus.OPEN;
            case HALF_OPEN -> CircuitStatus.HALF_OPEN;
            default -> CircuitStatus.CLOSED;
        };
    }

    static boolean countsAgainstProvider(ErrorKind kind) {
        return switch (kind) {
            case CONNECT_FAILED, TIMEOUT, FIRST_TOKEN_TIMEOUT, STREAM_STALLED, STREAM_CUT, MALFORMED_RESPONSE,
                 SERVER_ERROR, OVERLOADED -> true;
            default -> false;
        };
    }

    private CircuitBreaker breaker(String deployment) {
        CircuitBreaker b = breakers.get(deployment);
        if (b != null) {
            return b;
        }
        return breakers.computeIfAbsent(deployment, id -> {
            CircuitBreaker cb = registry.circuitBreaker(id);
            cb.getEventPublisher().onStateTransition(e -> {
                CircuitStatus to = switch (e.getStateTransition().getToState()) {
                    case OPEN, FORCED_OPEN -> CircuitStatus.OPEN;
                    case HALF_OPEN -> CircuitStatus.HALF_OPEN;
                    default -> CircuitStatus.CLOSED;
                };
                state.circuitChanged(id, to, state.nanoTime() + settings.openFor().toNanos());
            });
            return cb;
        });
    }

    /** The failure Resilience4j records; carries only the kind. */
    static final class ProviderFault extends RuntimeException {
        ProviderFault(ErrorKind kind) {
            super(kind.name(), null, false, false);
        }
    }
}
