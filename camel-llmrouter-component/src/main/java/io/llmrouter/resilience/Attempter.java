package io.llmrouter.resilience;

import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.CancelToken;
import io.llmrouter.catalog.Deployment;

/** Starts one attempt on one deployment for the attempt loop. */
@FunctionalInterface
public interface Attempter<T> {

    /**
     * @param lane   fires when the loop gives up on this attempt (the caller left, the deadline passed, a hedge won)
     * @param record the attempt's record in the state: the attempter closes it on success, the loop on failure
     * @return completes with the answer (a stream: once its first token arrived)
     */
    CompletableFuture<T> start(Deployment d, CancelToken lane, AttemptRecord record);
}
