package io.llmrouter.engine;

import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.OnEventLoop;
import io.llmrouter.state.RouterState;
import io.vertx.core.Vertx;

/** The account stage: what an answer costs, recorded as the account's spend. */
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

    /** Records the spend; what follows runs once it is durable, back on this request's event loop. */
    CompletableFuture<Void> bill(String account, Deployment d, double cost) {
        if (cost == 0) {
            return NOTHING_TO_BILL;
        }
        return OnEventLoop.resume(vertx, state.recordSpend(account, d.id(), cost));
    }
}
