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
import io.llmrouter.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Resilience4j circuit breaker per deployment. Every state change is published to the {@link RouterState}, so
 * the ranking's health filter skips open deployments (on this node and, with a shared state, on every node). An open
 * breaker moves to half open on the first permission asked after its open period, which the ranking allows once the
 * period has passed: recovered providers get traffic back without any timer thread. The open period runs on the
 * given {@link Clock}, so tests move breakers through their states in virtual time.
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
    private final ConcurrentHashMap<String, Guard> guards = new ConcurrentHashMap<>();

    public Breakers(BreakerSettings settings, RouterState state, Clock clock) {
        this.settings = settings;
        this.state = state;
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .clock(clock.asJavaClock())
                .currentTimestampFunction(c -> clock.nanoTime(), TimeUnit.NANOSECONDS)
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

    /**
     * Asks the deployment's breaker to let one call through. A half-open breaker's probe must also claim the
     * cluster's one probe of that deployment ({@link RouterState#tryProbe}); another node's probe in flight refuses it.
     */
    public boolean tryAcquire(String deployment) {
        Guard g = guard(deployment);
        if (!g.breaker.tryAcquirePermission()) {
            return false;
        }
        if (g.breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            if (!state.tryProbe(deployment)) {
                g.breaker.releasePermission();
                return false;
            }
            g.probes.incrementAndGet();
        }
        return true;
    }

    /** Gives back a permission that was not used for a call. */
    public void release(String deployment) {
        Guard g = guard(deployment);
        g.breaker.releasePermission();
        probeEnded(deployment, g);
    }

    public void onSuccess(String deployment, long nanos) {
        Guard g = guard(deployment);
        g.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        probeEnded(deployment, g);
    }

    /**
     * Gives back a cluster probe claim when one is held. Calls are not told apart: a call let through while the
     * breaker was still closed that ends during a probe gives the claim back early, at worst letting one more node
     * probe.
     */
    private void probeEnded(String deployment, Guard g) {
        int n;
        do {
            n = g.probes.get();
            if (n == 0) {
                return;
            }
        } while (!g.probes.compareAndSet(n, n - 1));
        state.probeEnded(deployment);
    }

    /** Counts provider faults; the caller's errors, rate limits and the gateway's own failures do not open a breaker. */
    public void onFailure(String deployment, ErrorKind kind, long nanos) {
        Guard g = guard(deployment);
        if (kind.countsAgainstProvider()) {
            g.faults.add(kind);
            g.breaker.onError(nanos, TimeUnit.NANOSECONDS, new ProviderFault(kind));
        } else {
            g.breaker.releasePermission();
        }
        probeEnded(deployment, g);
    }

    public CircuitStatus status(String deployment) {
        return switch (guard(deployment).breaker.getState()) {
            case OPEN, FORCED_OPEN -> CircuitStatus.OPEN;
            case HALF_OPEN -> CircuitStatus.HALF_OPEN;
            default -> CircuitStatus.CLOSED;
        };
    }

    private Guard guard(String deployment) {
        Guard g = guards.get(deployment);
        return g != null ? g : guards.computeIfAbsent(deployment, this::newGuard);
    }

    private Guard newGuard(String id) {
        RecentFaults faults = new RecentFaults(settings.window());
        CircuitBreaker cb = registry.circuitBreaker(id);
        cb.getEventPublisher().onStateTransition(e -> {
            CircuitStatus to = switch (e.getStateTransition().getToState()) {
                case OPEN, FORCED_OPEN -> CircuitStatus.OPEN;
                case HALF_OPEN -> CircuitStatus.HALF_OPEN;
                default -> CircuitStatus.CLOSED;
            };
            if (to == CircuitStatus.OPEN) {
                LOG.warn("circuit of deployment {} opened for {} ms: {}", id, settings.openFor().toMillis(),
                        faults.describe());
            } else if (to == CircuitStatus.CLOSED) {
                LOG.warn("circuit of deployment {} closed: the provider answers again", id);
            }
            state.circuitChanged(id, to, state.nanoTime() + settings.openFor().toNanos(),
                    faults.mostlyProviderAnswers());
        });
        return new Guard(cb, faults, new AtomicInteger());
    }

    /**
     * A deployment's breaker, the provider faults it counted most recently, and its probes in flight that hold a
     * cluster claim.
     */
    private record Guard(CircuitBreaker breaker, RecentFaults faults, AtomicInteger probes) {
    }

    /**
     * The kinds of the last {@code size} provider faults (as many as the breaker's window can hold), so that an opening
     * is explained, and told apart as opened by the provider's own error answers or by connection failures.
     */
    static final class RecentFaults {
        private final ErrorKind[] kinds;
        private int next;
        private int count;

        RecentFaults(int size) {
            kinds = new ErrorKind[Math.max(1, size)];
        }

        synchronized void add(ErrorKind kind) {
            kinds[next] = kind;
            next = (next + 1) % kinds.length;
            count = Math.min(count + 1, kinds.length);
        }

        /** More (or as many) of the recent faults were error answers than connection failures. */
        synchronized boolean mostlyProviderAnswers() {
            int answers = answers();
            return answers > 0 && answers * 2 >= count;
        }

        synchronized String describe() {
            if (count == 0) {
                return "its recent calls were slower than the slow-call threshold";
            }
            int answers = answers();
            return "of its last " + count + " provider faults, " + answers + " were error answers and "
                    + (count - answers) + " connection failures (last " + kinds[(next + kinds.length - 1)
                    % kinds.length] + ")";
        }

        private int answers() {
            int n = 0;
            for (int i = 0; i < count; i++) {
                n += kinds[i].returnedByProvider() ? 1 : 0;
            }
            return n;
        }
    }

    /** The failure Resilience4j records; carries only the kind. */
    static final class ProviderFault extends RuntimeException {
        ProviderFault(ErrorKind kind) {
            super(kind.name(), null, false, false);
        }
    }
}
