package io.llmrouter.state.hazelcast;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.LongSupplier;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.map.IMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of the cluster's rpm/tpm windows. A window lives on its deployment's partition owner, which counts
 * every attempt admitted anywhere; it hands each node a share of its headroom at a time ({@link GrantProcessor}), and
 * the node admits attempts from that share without asking again. Far from the limit a share covers many attempts, and
 * the next one is asked for once half is gone, so attempts do not wait; near the limit shares shrink to one attempt,
 * so each is decided by the owner and N requests a minute means N across the cluster. A node never admits more than
 * it was granted; what it did not use is given back when its minute ends or it leaves.
 */
final class RateWindows {

    private static final Logger LOG = LoggerFactory.getLogger(RateWindows.class);
    private static final CompletableFuture<Boolean> ADMITTED = CompletableFuture.completedFuture(true);
    private static final CompletableFuture<Boolean> REFUSED = CompletableFuture.completedFuture(false);

    private final IMap<String, RateWindow> windows;
    private final LongSupplier epochMillis;
    /** Runs what a grant's answer leads to that calls the cluster again: Hazelcast's threads may not. */
    private final Executor nextCalls;
    private final ConcurrentHashMap<String, Allowance> allowances = new ConcurrentHashMap<>();

    RateWindows(IMap<String, RateWindow> windows, LongSupplier epochMillis, Executor nextCalls) {
        this.windows = windows;
        this.epochMillis = epochMillis;
        this.nextCalls = nextCalls;
    }

    /**
     * Whether an attempt estimated at {@code tokens} may start: at once from this node's allowance, or when the owner
     * answers. Completes exceptionally when the cluster cannot answer.
     */
    CompletableFuture<Boolean> tryStart(String deployment, int tokens, int rpm, int tpm) {
        Allowance a = allowances.computeIfAbsent(deployment, d -> new Allowance());
        if (a.take(minuteNow(), tokens)) {
            if (a.low(tokens)) {
                ask(deployment, a, tokens, rpm, tpm);
            }
            return ADMITTED;
        }
        Allowance.Flight flight = ask(deployment, a, tokens, rpm, tpm);
        return flight.grant().thenCompose(g -> {
            // refused for a need no larger than this attempt's: refused here too
            if (g.refused() && tokens >= flight.tokens()) {
                return REFUSED;
            }
            if (a.take(minuteNow(), tokens)) {
                return ADMITTED;
            }
            // what came was taken by the others waiting, or too small: ask again, off Hazelcast's thread
            return CompletableFuture.supplyAsync(() -> tryStart(deployment, tokens, rpm, tpm), nextCalls)
                    .thenCompose(Function.identity());
        });
    }

    /** Gives back what this node holds, so that the others may use it; for a graceful shutdown. */
    void giveBackAll() {
        allowances.forEach((deployment, a) -> {
            ReturnGrantProcessor left = a.drain();
            if (left != null) {
                try {
                    windows.executeOnKey(deployment, left);
                } catch (HazelcastException e) {
                    LOG.debug("could not give back the allowance of {}: {}", deployment, e.toString());
                }
            }
        });
    }

    /** Joins the grant on its way for this deployment, or asks for one. */
    private Allowance.Flight ask(String deployment, Allowance a, int tokens, int rpm, int tpm) {
        Allowance.Flight mine = new Allowance.Flight(new CompletableFuture<>(), tokens);
        Allowance.Flight flight = a.join(mine);
        if (flight != mine) {
            return flight;
        }
        try {
            // Runnable::run: on the callback thread that completes it (see HazelcastCluster), no further hop
            windows.submitToKey(deployment, new GrantProcessor(epochMillis.getAsLong(), tokens, rpm, tpm))
                    .whenCompleteAsync((g, e) -> {
                        if (e != null) {
                            a.landed(null);
                            mine.grant().completeExceptionally(e);
                            return;
                        }
                        ReturnGrantProcessor expired = a.landed(g);
                        mine.grant().complete(g);
                        if (expired != null) {
                            giveBackLater(deployment, expired);
                        }
                    }, Runnable::run);
        } catch (RuntimeException e) {
            a.landed(null);
            mine.grant().completeExceptionally(e);
        }
        return mine;
    }

    /**
     * Off Hazelcast's thread. Best effort: a past minute's leftover only weighs on the sliding window until the end of
     * the next minute.
     */
    private void giveBackLater(String deployment, ReturnGrantProcessor left) {
        try {
            nextCalls.execute(() -> {
                try {
                    windows.submitToKey(deployment, left);
                } catch (RuntimeException e) {
                    LOG.debug("could not give back an expired allowance of {}: {}", deployment, e.toString());
                }
            });
        } catch (RejectedExecutionException closing) {
            LOG.debug("closing: the expired allowance of {} is not given back", deployment);
        }
    }

    private long minuteNow() {
        return Math.floorDiv(epochMillis.getAsLong(), RateWindow.MINUTE_MILLIS);
    }
}
