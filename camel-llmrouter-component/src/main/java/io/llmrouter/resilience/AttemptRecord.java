package io.llmrouter.resilience;

import java.util.concurrent.atomic.AtomicBoolean;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Usage;
import io.llmrouter.state.RouterState;
import io.llmrouter.telemetry.AttemptTrace;
import io.llmrouter.time.Clock;

/**
 * What the state (and the attempt's {@link AttemptTrace}, when it has one) learns of one admitted attempt, told exactly
 * once. The attempt loop closes the record when the attempt fails or is cancelled before it answers; the operation
 * closes it when the answer is complete (a plain answer when it arrives, a stream when it ends or breaks). Closing once
 * is what brings the deployment's in-flight count back down, whichever way the attempt ends.
 */
public final class AttemptRecord {

    private final RouterState state;
    private final Clock clock;
    private final String deployment;
    private final long startNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long firstTokenNanos = -1;
    private volatile AttemptTrace trace = AttemptTrace.NONE;

    AttemptRecord(RouterState state, String deployment, Clock clock) {
        this.state = state;
        this.clock = clock;
        this.deployment = deployment;
        this.startNanos = clock.nanoTime();
    }

    /**
     * An attempt started outside the attempt loop (a broken stream's continuation on another deployment): counted in
     * flight now, told to the state once, as any other.
     */
    public static AttemptRecord started(RouterState state, String deployment, int estimatedTokens, Clock clock) {
        state.attemptStarted(deployment, estimatedTokens);
        return new AttemptRecord(state, deployment, clock);
    }

    public String deployment() {
        return deployment;
    }

    public long elapsedNanos() {
        return clock.nanoTime() - startNanos;
    }

    /** Who else hears how the attempt ends (its span, its line in the access log): set before it starts. */
    public void traced(AttemptTrace t) {
        this.trace = t;
    }

    /** A stream's first token arrived now; later calls keep the first time. */
    public void firstToken() {
        if (firstTokenNanos < 0) {
            firstTokenNanos = elapsedNanos();
        }
    }

    /** @param usage the usage the provider reported, or null when none */
    public void succeeded(Usage usage) {
        if (closed.compareAndSet(false, true)) {
            long took = elapsedNanos();
            state.attemptSucceeded(deployment, took, firstTokenNanos, usage == null ? -1 : usage.completionTokens);
            tell(null, usage, took);
        }
    }

    public void failed(ErrorKind kind, long retryAfterMillis) {
        if (closed.compareAndSet(false, true)) {
            long took = elapsedNanos();
            state.attemptFailed(deployment, kind, took, retryAfterMillis);
            tell(kind, null, took);
        }
    }

    /** An observer's failure must not stop the attempt's answer (this runs inside the attempt loop's completion). */
    private void tell(ErrorKind kind, Usage usage, long took) {
        try {
            trace.ended(kind, usage, took);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(AttemptRecord.class).warn("attempt trace failed: {}", e.toString());
        }
    }

    /** The gateway stopped the attempt (the caller left, the deadline passed, a hedge won): says nothing of the provider. */
    public void cancelled() {
        failed(ErrorKind.CANCELLED, -1);
    }
}
