package io.llmrouter.state;

import java.util.concurrent.CompletableFuture;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A clustered {@link RouterState} answers on one of the cluster's own threads; what follows (an upstream call, the
 * rest of the exchange) must not run there, or it delays every other member's answers. This moves it back onto the
 * caller's Vert.x event loop. An answer that is already there costs nothing.
 */
public final class OnEventLoop {

    private OnEventLoop() {
    }

    public static <T> CompletableFuture<T> resume(Vertx vertx, CompletableFuture<T> answer) {
        if (answer.isDone()) {
            return answer;
        }
        Context here = Vertx.currentContext();
        Context context = here != null ? here : vertx.getOrCreateContext();
        CompletableFuture<T> resumed = new CompletableFuture<>();
        answer.whenComplete((value, error) -> context.runOnContext(v -> {
            if (error != null) {
                resumed.completeExceptionally(error);
            } else {
                resumed.complete(value);
            }
        }));
        return resumed;
    }
}
