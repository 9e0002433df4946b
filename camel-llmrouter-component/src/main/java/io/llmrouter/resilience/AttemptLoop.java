package io.llmrouter.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.OnEventLoop;
import io.llmrouter.state.RouterState;
import io.llmrouter.time.Clock;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the ranking with retries and failover. Per failure kind: transient faults (5xx, overloaded, reset, broken
 * stream, 429) retry the same deployment after an exponential backoff with full jitter (a 429's Retry-After instead,
 * up to a cap), then fail over; slowness (timeouts, stalls) and bad credentials fail over at once; a context-length
 * error fails over only to models with a larger window; a content-policy refusal only to the configured refusal models;
 * any other caller error ends the request at once. Attempts are bounded in number and by the request's deadline.
 * Circuit breakers and rate limits are asked before each attempt. Each admitted attempt gets an {@link AttemptRecord}:
 * failures and cancellations are recorded here, successes by the attempter, who knows when the answer is complete.
 */
public final class AttemptLoop {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptLoop.class);
    private static final int MAX_HALF_OPEN_WAITS = 5;

    private final RouterState state;
    private final Breakers breakers;
    private final Vertx vertx;
    private final Clock clock;
    private final Random random;
    /** Failovers are logged at most once a second per deployment, so an outage does not flood the log. */
    private final ThrottledWarnings failovers;

    /** @param vertx where a clustered state's late answers resume; {@code clock} times waits, hedges and attempts */
    public AttemptLoop(RouterState state, Breakers breakers, Vertx vertx, Clock clock, Random random) {
        this.state = state;
        this.breakers = breakers;
        this.vertx = vertx;
        this.clock = clock;
        this.random = random;
        this.failovers = new ThrottledWarnings(LOG, 1_000_000_000L, clock::nanoTime);
    }

    /**
     * @param ranked         the failover order
     * @param refusalModels  deployments tried when a model refuses the content (content policy)
     * @param deadlineNanos  no attempt or wait goes past this {@link Clock#nanoTime()}
     * @param tokens         the tokens an attempt on a deployment is expected to use, for the tpm window
     * @param call           starts one attempt; its future completes with the answer (a stream: its first token)
     */
    public <T> CompletableFuture<Outcome<T>> run(List<Deployment> ranked, List<Deployment> refusalModels,
                                                 RetryPolicy policy, CancelToken request, long deadlineNanos,
                                                 ToIntFunction<Deployment> tokens, Attempter<T> call) {
        Run<T> run = new Run<>(ranked, refusalModels, policy, request, deadlineNanos, tokens, call);
        run.next();
        return run.result;
    }

    /** The attempts of one request. Methods synchronise on the run: lanes of a hedged request finish concurrently. */
    private final class Run<T> {
        final CompletableFuture<Outcome<T>> result = new CompletableFuture<>();
        final RetryPolicy policy;
        final CancelToken request;
        final long deadline;
        final ToIntFunction<Deployment> tokens;
        final Attempter<T> call;
        final List<Deployment> refusalModels;
        final List<Attempt> attempts = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<CancelToken> lanes = new ArrayList<>();
        List<Deployment> queue;
        int index;
        int retriesOnCurrent;
        boolean hedged;
        boolean triedRefusalModels;
        /** A lane answered; the result is about to be completed with it. */
        boolean won;
        /** Deployments skipped because their breaker refused the attempt. */
        final List<Deployment> shutOut = new ArrayList<>();
        /** Every candidate's breaker was open on connection failures: attempts go out anyway, unguarded. */
        boolean panic;
        int halfOpenWaits;

        Run(List<Deployment> ranked, List<Deployment> refusalModels, RetryPolicy policy, CancelToken request,
            long deadline, ToIntFunction<Deployment> tokens, Attempter<T> call) {
            this.queue = ranked;
            this.refusalModels = refusalModels;
            this.policy = policy;
            this.request = request;
            this.deadline = deadline;
            this.tokens = tokens;
            this.call = call;
        }

        synchronized void next() {
            if (result.isDone()) {
                return;
            }
            if (request.isCancelled()) {
                result.completeExceptionally(LlmException.of(ErrorKind.CANCELLED, "The request was cancelled"));
                return;
            }
            while (index < queue.size() && attempts.size() < policy.maxAttempts() && clock.nanoTime() < deadline) {
                Deployment d = queue.get(index);
                if (!panic && !breakers.tryAcquire(d.id())) {
                    if (waitForProbes(d)) {
                        return;
                    }
                    shutOut.add(d);
                    skip(d, "circuit open");
                    continue;
                }
                CompletableFuture<Boolean> admitted = state.tryAttemptStart(d.id(), tokens.applyAsInt(d),
                        d.model().rpm(), d.model().tpm());
                if (!admitted.isDone()) {
                    // a cluster counts the rate window on another member: carry on when it answers
                    OnEventLoop.resume(vertx, admitted).whenComplete((ok, e) -> admitted(d, ok != null && ok));
                    return;
                }
                if (!admitted.join()) {
                    release(d);
                    skip(d, "no rpm/tpm headroom");
                    continue;
                }
                launch(d);
                return;
            }
            if (!lanes.isEmpty()) {
                return;
            }
            if (panicAllowed()) {
                panic = true;
                failovers.warn(queue.get(0).id(), () -> "every candidate's circuit is open on connection failures ("
                        + shutOut.stream().map(Deployment::id).toList() + "): routing to them anyway");
                queue = List.copyOf(shutOut);
                index = 0;
                retriesOnCurrent = 0;
                next();
                return;
            }
            result.completeExceptionally(exhausted());
        }

        /**
         * Envoy's panic threshold: when no candidate is left but ones whose breakers opened on connection-level failures
         * (which the gateway's own load can provoke), trying them beats answering 503 for the whole open period. A
         * breaker opened by the provider's own error answers is respected: those answers are certain.
         */
        private boolean panicAllowed() {
            if (panic || !attempts.isEmpty() || shutOut.isEmpty() || shutOut.size() != skipped.size()) {
                return false;
            }
            for (Deployment d : shutOut) {
                if (state.stats(d.id()).circuitOpenedByProviderAnswers()) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A half-open breaker lets a few probes through and refuses the rest until they answer. When it guards the last
         * candidate, the request waits a short backoff for the probes' verdict instead of failing at once.
         */
        private boolean waitForProbes(Deployment d) {
            if (index + 1 < queue.size() || breakers.status(d.id()) != CircuitStatus.HALF_OPEN
                    || halfOpenWaits >= MAX_HALF_OPEN_WAITS) {
                return false;
            }
            long wait = Math.max(1, policy.backoffBase().toMillis());
            if (clock.nanoTime() + wait * 1_000_000L >= deadline) {
                return false;
            }
            halfOpenWaits++;
            clock.schedule(wait, this::next);
            return true;
        }

        private void release(Deployment d) {
            if (!panic) {
                breakers.release(d.id());
            }
        }

        /** The rate window's late answer: launch, or move on to the next candidate. */
        private synchronized void admitted(Deployment d, boolean ok) {
            if (!ok) {
                release(d);
                skip(d, "no rpm/tpm headroom");
                next();
            } else if (result.isDone() || request.isCancelled()) {
                // admitted too late to be used: give back the breaker permit and the in-flight count
                release(d);
                new AttemptRecord(state, d.id(), clock).cancelled();
                next();
            } else {
                launch(d);
            }
        }

        private void skip(Deployment d, String why) {
            skipped.add(d.id() + ": " + why);
            index++;
            retriesOnCurrent = 0;
        }

        private void launch(Deployment d) {
            CancelToken lane = new CancelToken();
            request.onCancel(lane::cancel);
            lanes.add(lane);
            AttemptRecord record = new AttemptRecord(state, d.id(), clock);
            if (policy.hedgeAfter() != null && !hedged && index + 1 < queue.size()) {
                clock.schedule(policy.hedgeAfter().toMillis(), () -> hedge(lane));
            }
            CompletableFuture<T> future;
            try {
                future = call.start(d, lane, record);
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            future.whenComplete((value, error) -> done(d, lane, record, value, error));
        }

        /** The first attempt is still silent: start the next candidate alongside it. */
        private synchronized void hedge(CancelToken slowLane) {
            if (result.isDone() || hedged || !lanes.contains(slowLane)) {
                return;
            }
            hedged = true;
            index++;
            retriesOnCurrent = 0;
            next();
        }

        private synchronized void done(Deployment d, CancelToken lane, AttemptRecord record, T value,
                                       Throwable error) {
            lanes.remove(lane);
            long took = record.elapsedNanos();
            if (error == null) {
                if (!panic) {
                    breakers.onSuccess(d.id(), took);
                }
                attempts.add(new Attempt(d.id(), null, null, took));
                if (result.isDone() || won) {
                    lane.cancel();
                    return;
                }
                // the losers are cancelled before the caller sees the winner; their failures, arriving meanwhile, lost
                won = true;
                List.copyOf(lanes).forEach(CancelToken::cancel);
                result.complete(new Outcome<>(value, d, List.copyOf(attempts)));
                return;
            }
            LlmException e = LlmException.unwrap(error);
            if (result.isDone() || won) {
                // a hedged lane that lost the race and was cancelled
                release(d);
                record.cancelled();
                return;
            }
            if (request.isCancelled()) {
                // whatever the attempt reports (a reset, a timeout) comes from the gateway cancelling it: the caller
                // left or the deadline passed, which says nothing about the provider
                release(d);
                record.cancelled();
                attempts.add(new Attempt(d.id(), ErrorKind.CANCELLED, e.getMessage(), took));
                result.completeExceptionally(LlmException.of(ErrorKind.CANCELLED, "The request was cancelled"));
                return;
            }
            if (e.kind() == ErrorKind.INTERNAL) {
                LOG.error("attempt on deployment {} failed inside the gateway", d.id(), e);
            }
            if (!panic) {
                breakers.onFailure(d.id(), e.kind(), took);
            }
            record.failed(e.kind(), e.retryAfterMillis());
            attempts.add(new Attempt(d.id(), e.kind(), e.getMessage(), took));
            if (!lanes.isEmpty()) {
                return; // the hedged lane still runs and decides
            }
            decide(d, e);
        }

        private void decide(Deployment d, LlmException e) {
            switch (e.kind()) {
                case CONTEXT_LENGTH_EXCEEDED -> {
                    List<Deployment> larger = new ArrayList<>();
                    for (int i = index + 1; i < queue.size(); i++) {
                        Deployment c = queue.get(i);
                        if (d.model().contextWindow() > 0 && c.model().contextWindow() > d.model().contextWindow()) {
                            larger.add(c);
                        }
                    }
                    restartWith(larger, e);
                }
                case CONTENT_POLICY -> {
                    if (triedRefusalModels || refusalModels.isEmpty()) {
                        result.completeExceptionally(e);
                    } else {
                        triedRefusalModels = true;
                        List<Deployment> others = new ArrayList<>(refusalModels);
                        others.remove(d);
                        restartWith(others, e);
                    }
                }
                case INTERNAL -> {
                    // a failure inside the gateway (an adapter's bug): another deployment may still answer
                    index++;
                    retriesOnCurrent = 0;
                    next();
                }
                default -> {
                    if (!e.kind().retryable()) {
                        result.completeExceptionally(e);
                        return;
                    }
                    long wait = sameDeploymentWait(e);
                    if (wait >= 0 && !hedged && retriesOnCurrent < policy.retriesPerDeployment()
                            && clock.nanoTime() + wait * 1_000_000L < deadline) {
                        retriesOnCurrent++;
                        clock.schedule(wait, this::next);
                    } else {
                        index++;
                        retriesOnCurrent = 0;
                        if (index < queue.size()) {
                            Deployment to = queue.get(index);
                            failovers.warn(d.id(), () -> "failover from deployment " + d.id() + " (" + e.kind()
                                    + ") to " + to.id());
                        }
                        next();
                    }
                }
            }
        }

        private void restartWith(List<Deployment> candidates, LlmException cause) {
            if (candidates.isEmpty()) {
                result.completeExceptionally(cause);
                return;
            }
            queue = candidates;
            index = 0;
            retriesOnCurrent = 0;
            next();
        }

        /** Milliseconds to wait before trying the same deployment again, or -1 to move on. */
        private long sameDeploymentWait(LlmException e) {
            return switch (e.kind()) {
                case RATE_LIMITED -> e.retryAfterMillis() >= 0
                        ? (e.retryAfterMillis() <= policy.maxRetryAfter().toMillis() ? e.retryAfterMillis() : -1)
                        : backoff();
                case SERVER_ERROR, OVERLOADED, CONNECT_FAILED, STREAM_CUT, MALFORMED_RESPONSE -> backoff();
                default -> -1;
            };
        }

        /** Exponential backoff with full jitter: a uniform wait up to base * 2^retry, capped. */
        private long backoff() {
            long limit = Math.min(policy.backoffMax().toMillis(),
                    policy.backoffBase().toMillis() << Math.min(20, retriesOnCurrent));
            return limit <= 0 ? 0 : (long) (random.nextDouble() * limit);
        }

        private LlmException exhausted() {
            boolean allBusy = !attempts.isEmpty();
            boolean pastDeadline = clock.nanoTime() >= deadline;
            StringBuilder sb = new StringBuilder();
            if (pastDeadline) {
                sb.append("The request's deadline passed after ");
            } else {
                sb.append("All ");
            }
            sb.append(attempts.size()).append(attempts.size() == 1 ? " attempt" : " attempts").append(" failed");
            for (int i = 0; i < attempts.size(); i++) {
                Attempt a = attempts.get(i);
                allBusy &= a.failure() == ErrorKind.RATE_LIMITED || a.failure() == ErrorKind.OVERLOADED
                        || a.failure() == ErrorKind.GATEWAY_BUSY;
                sb.append(i == 0 ? ": " : "; ").append(a.deployment()).append(": ").append(a.message());
            }
            if (!skipped.isEmpty()) {
                sb.append(attempts.isEmpty() ? ": " : "; ").append("skipped ").append(String.join(", ", skipped));
                allBusy = true;
            }
            if (pastDeadline) {
                // the same answer as when the deadline timer wins the race against the last attempt's own timeout
                return LlmException.of(ErrorKind.DEADLINE_EXCEEDED, sb.toString());
            }
            return LlmException.of(ErrorKind.ALL_ATTEMPTS_FAILED, allBusy ? 503 : 502, sb.toString(), null, null, null,
                    null);
        }
    }
}
