package io.llmrouter.state.hazelcast;

import java.util.concurrent.CompletableFuture;

/**
 * What is left to this node of the grants it received for one deployment's rate window in the current minute, and
 * the grant it is waiting for, if any: at most one at a time per deployment, which the attempts that find the
 * allowance empty wait for together.
 */
final class Allowance {

    /** A grant this small is used up at once: asking ahead of need would only hold headroom other nodes need. */
    static final long AHEAD_MIN = 4;

    /** A grant on its way, asked for an attempt estimated at {@code tokens}. */
    record Flight(CompletableFuture<RateGrant> grant, int tokens) {
    }

    private long minute = Long.MIN_VALUE;
    private long requests;
    private long tokens;
    private long grantedRequests;
    private long grantedTokens;
    private Flight flight;

    /** Admits an attempt from what is left in minute {@code m}, if enough is. */
    synchronized boolean take(long m, int estimatedTokens) {
        if (m != minute || requests < 1 || tokens < estimatedTokens) {
            return false;
        }
        requests = less(requests, 1);
        tokens = less(tokens, estimatedTokens);
        return true;
    }

    /** Whether to ask for the next grant now, before attempts find nothing left: half of a large grant is gone. */
    synchronized boolean low(int estimatedTokens) {
        if (flight != null) {
            return false;
        }
        return grantedRequests != RateGrant.UNLIMITED && grantedRequests >= AHEAD_MIN && requests * 2 <= grantedRequests
                || grantedTokens != RateGrant.UNLIMITED && grantedTokens >= AHEAD_MIN * Math.max(1, estimatedTokens)
                        && tokens * 2 <= grantedTokens;
    }

    /** The grant on its way, or {@code mine} if there was none: the caller is then the one to ask for it. */
    synchronized Flight join(Flight mine) {
        if (flight == null) {
            flight = mine;
        }
        return flight;
    }

    /**
     * Adds a grant that arrived (null: none came). A grant of a later minute replaces what was left of the earlier
     * one, which is returned to be given back to the window; null when there is nothing to give back.
     */
    synchronized ReturnGrantProcessor landed(RateGrant g) {
        flight = null;
        if (g == null || g.refused()) {
            return null;
        }
        if (g.minute() < minute) {
            return giveBack(g.minute(), g.requests(), g.tokens());
        }
        ReturnGrantProcessor expired = null;
        if (g.minute() > minute) {
            expired = drain();
            minute = g.minute();
        }
        requests = more(requests, g.requests());
        tokens = more(tokens, g.tokens());
        grantedRequests = g.requests();
        grantedTokens = g.tokens();
        return expired;
    }

    /** Empties the allowance; what to give back, or null when nothing is left. */
    synchronized ReturnGrantProcessor drain() {
        ReturnGrantProcessor left = giveBack(minute, requests, tokens);
        requests = 0;
        tokens = 0;
        return left;
    }

    private static ReturnGrantProcessor giveBack(long m, long requests, long tokens) {
        long r = requests == RateGrant.UNLIMITED ? 0 : requests;
        long t = tokens == RateGrant.UNLIMITED ? 0 : tokens;
        return m == Long.MIN_VALUE || r == 0 && t == 0 ? null : new ReturnGrantProcessor(new RateGrant(m, r, t));
    }

    private static long less(long left, long n) {
        return left == RateGrant.UNLIMITED ? left : left - n;
    }

    private static long more(long left, long n) {
        return left == RateGrant.UNLIMITED || n == RateGrant.UNLIMITED ? RateGrant.UNLIMITED : left + n;
    }
}
