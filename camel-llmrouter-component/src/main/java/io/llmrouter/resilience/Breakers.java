package io.llmrouter.resilience;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.RouterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Resilience4j circuit breaker per deployment. Every state change is published to the {@link RouterState}, so
 * the ranking's health filter skips open deployments (on this node and, with a shared state, on every node). An open
 * breaker moves to half open on the first permission asked after its open period, which the ranking allows once the
 * period has passed: recovered providers get traffic back without any timer thread.
 * <p>
 * Only the provider's faults count ({@link ErrorKind#countsAgainstProvider()}): a cancelled caller, the gateway's own
 * pool or deadline never open a breaker. Each breaker also remembers whether the provider's own error answers or
 * connection failures opened it, and every transition is logged once at WARN.
 */
public final class Breakers {

    private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);

    private final CircuitBreakerRegistry registry;
    private final RouterState state;
    private final BreakerSettings settings;
    private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Causes> causes = new ConcurrentHashMap<>();

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

    /** Counts provider faults; the caller's errors, rate limits and the gateway's own failures do not open a breaker. */
    public void onFailure(String deployment, ErrorKind kind, long nanos) {
        CircuitBreaker b = breaker(deployment);
        if (kind.countsAgainstProvider()) {
            causes.get(deployment).add(kind);
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

    private CircuitBreaker breaker(String deployment) {
        CircuitBreaker b = breakers.get(deployment);
        if (b != null) {
            return b;
        }
        return breakers.computeIfAbsent(deployment, id -> {
            Causes recent = causes.computeIfAbsent(id, k -> new Causes());
            CircuitBreaker cb = registry.circuitBreaker(id);
            cb.getEventPublisher().onStateTransition(e -> {
                CircuitStatus to = switch (e.getStateTransition().getToState()) {
                    case OPEN, FORCED_OPEN -> CircuitStatus.OPEN;
                    case HALF_OPEN -> CircuitStatus.HALF_OPEN;
                    default -> CircuitStatus.CLOSED;
                };
                boolean byAnswers = recent.mostlyProviderAnswers();
                if (to == CircuitStatus.OPEN) {
                    LOG.warn("circuit of deployment {} opened for {} ms: {}", id, settings.openFor().toMillis(),
                            recent.describe());
                } else if (to == CircuitStatus.CLOSED) {
                    LOG.warn("circuit of deployment {} closed: the provider answers again", id);
                    recent.clear();
                }
                state.circuitChanged(id, to, state.nanoTime() + settings.openFor().toNanos(), byAnswers);
            });
            return cb;
        });
    }

    /**
     * The provider faults a breaker counted since it last closed, by origin: errors the provider answered with, and
     * connection-level failures (refused, reset, timed out), with the last kind of each for the log.
     */
    static final class Causes {
        private final AtomicInteger answers = new AtomicInteger();
        private final AtomicInteger connections = new AtomicInteger();
        private volatile ErrorKind lastAnswer;
        private volatile ErrorKind lastConnection;

        void add(ErrorKind kind) {
            if (kind.returnedByProvider()) {
                answers.incrementAndGet();
                lastAnswer = kind;
            } else {
                connections.incrementAndGet();
                lastConnection = kind;
            }
        }

        boolean mostlyProviderAnswers() {
            return answers.get() >= connections.get() && answers.get() > 0;
        }

        String describe() {
            return answers.get() + " error answers" + (lastAnswer == null ? "" : " (last " + lastAnswer + ")") + " and "
                    + connections.get() + " connection failures" + (lastConnection == null ? ""
                    : " (last " + lastConnection + ")") + " since it was last closed";
        }

        void clear() {
            answers.set(0);
            connections.set(0);
            lastAnswer = null;
            lastConnection = null;
        }
    }

    /** The failure Resilience4j records; carries only the kind. */
    static final class ProviderFault extends RuntimeException {
        ProviderFault(ErrorKind kind) {
            super(kind.name(), null, false, false);
        }
    }
}
