package io.llmrouter.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/**
 * Walks the ranking: each candidate gets one attempt; a retryable failure moves on to the next, a caller error ends the
 * request at once. Each attempt has its own cancel token, linked to the request's, so abandoning an attempt never
 * cancels the request.
 */
public final class AttemptLoop {

    private final RouterState state;

    public AttemptLoop(RouterState state) {
        this.state = state;
    }

    /**
     * @param streaming when true, success is not recorded here: a stream's attempt lasts until its end, which the
     *                  caller records
     */
    public <T> CompletableFuture<Outcome<T>> run(List<Deployment> ranked, CancelToken request, boolean streaming,
                                                 BiFunction<Deployment, CancelToken, CompletableFuture<T>> call) {
        CompletableFuture<Outcome<T>> result = new CompletableFuture<>();
        next(ranked, 0, new ArrayList<>(), request, streaming, call, result);
        return result;
    }

    private <T> void next(List<Deployment> ranked, int index, List<Attempt> attempts, CancelToken request,
                          boolean streaming, BiFunction<Deployment, CancelToken, CompletableFuture<T>> call,
                          CompletableFuture<Outcome<T>> result) {
        if (request.isCancelled()) {
            result.completeExceptionally(LlmException.of(ErrorKind.CANCELLED, "The request was cancelled"));
            return;
        }
        if (index >= ranked.size()) {
            result.completeExceptionally(exhausted(attempts));
            return;
        }
        Deployment d = ranked.get(index);
        CancelToken attempt = new CancelToken();
        request.onCancel(attempt::cancel);
        long start = System.nanoTime();
        state.attemptStarted(d.id());
        CompletableFuture<T> future;
        try {
            future = call.apply(d, attempt);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((value, error) -> {
            long took = System.nanoTime() - start;
            if (error == null) {
                if (!streaming) {
                    state.attemptSucceeded(d.id(), took);
                }
                attempts.add(new Attempt(d.id(), null, null, took));
                result.complete(new Outcome<>(value, d, List.copyOf(attempts)));
                return;
            }
            LlmException e = unwrap(error);
            state.attemptFailed(d.id(), e.kind(), took);
            attempts.add(new Attempt(d.id(), e.kind(), e.getMessage(), took));
            if (request.isCancelled()) {
                // the attempt's own failure (a reset connection) is only the echo of the caller's cancel
                result.completeExceptionally(LlmException.of(ErrorKind.CANCELLED, "The request was cancelled"));
            } else if (!e.kind().retryable()) {
                result.completeExceptionally(e);
            } else {
                next(ranked, index + 1, attempts, request, streaming, call, result);
            }
        });
    }

    public static LlmException unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof LlmException e) {
            return e;
        }
        return LlmException.of(ErrorKind.SERVER_ERROR, 502, "Upstream call failed: " + t, null, null, null, t);
    }

    private static LlmException exhausted(List<Attempt> attempts) {
        boolean allBusy = !attempts.isEmpty();
        StringBuilder sb = new StringBuilder("All ").append(attempts.size()).append(attempts.size() == 1 ? " attempt" : " attempts")
                .append(" failed: ");
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            allBusy &= a.failure() == ErrorKind.RATE_LIMITED || a.failure() == ErrorKind.OVERLOADED;
            sb.append(i == 0 ? "" : "; ").append(a.deployment()).append(": ").append(a.message());
        }
        int status = allBusy ? 503 : 502;
        return LlmException.of(ErrorKind.ALL_ATTEMPTS_FAILED, status, sb.toString(), null, null, null, null);
    }
}
