package io.llmrouter.engine;

import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.governance.Tab;
import io.llmrouter.state.OnEventLoop;
import io.llmrouter.state.RouterState;
import io.vertx.core.Vertx;

/**
 * The account stage: the caller's limits and budget reservation before the attempts, then what the answer cost,
 * recorded as the account's spend and written to the ledger.
 */
final class Accounting {

    static final CompletableFuture<Void> NOTHING_TO_BILL = CompletableFuture.completedFuture(null);

    private final RouterState state;
    private final Vertx vertx;

    Accounting(RouterState state, Vertx vertx) {
        this.state = state;
        this.vertx = vertx;
    }

    static double cost(Deployment d, Usage usage) {
        return usage == null ? 0 : d.cost(usage.promptTokens, usage.cachedTokens(), usage.completionTokens);
    }

    /**
     * Admits the request under its caller's limits and reserves its worst-case cost against the caller's budgets;
     * what follows runs back on this request's event loop.
     */
    CompletableFuture<Void> reserve(Tab tab, int estimatedTokens, double worstCaseUsd) {
        CompletableFuture<Void> admitted = tab.admit(estimatedTokens, worstCaseUsd);
        return admitted.isDone() ? admitted : OnEventLoop.resume(vertx, admitted);
    }

    /**
     * Records the spend and settles the caller's tab with it; what follows runs once it is durable, back on this
     * request's event loop.
     */
    CompletableFuture<Void> bill(RouteOptions options, Deployment d, Usage usage, double cost) {
        return durable(cost == 0 ? NOTHING_TO_BILL : state.recordSpend(options.account(), d.id(), cost),
                options.tab().settle(d.id(), d.provider().id(), usage, cost));
    }

    /**
     * A part of an answer that will go on elsewhere (a broken stream resumed on another deployment): its spend is
     * recorded now, the request's tab stays open for the rest.
     */
    void charge(RouteOptions options, Deployment d, double cost) {
        if (cost > 0) {
            state.recordSpend(options.account(), d.id(), cost);
        }
        options.tab().charge(d.id(), d.provider().id(), cost);
    }

    /** An answer without usage: billed at its reservation (see {@link Tab#settleUnreported}). */
    CompletableFuture<Void> billUnreported(RouteOptions options, Deployment d) {
        return durable(NOTHING_TO_BILL, options.tab().settleUnreported(d.id(), d.provider().id()));
    }

    private CompletableFuture<Void> durable(CompletableFuture<Void> state, CompletableFuture<Void> ledger) {
        if (state.isDone() && ledger.isDone()) {
            return state.isCompletedExceptionally() ? state : ledger;
        }
        return OnEventLoop.resume(vertx, CompletableFuture.allOf(state, ledger));
    }
}
