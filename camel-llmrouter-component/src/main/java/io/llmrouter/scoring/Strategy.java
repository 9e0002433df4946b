package io.llmrouter.scoring;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/**
 * Orders admissible candidates, best first: the order is also the failover order. Filtering has already happened; a
 * strategy only ranks. To add your own, implement this and bind it as a bean; name the bean in the endpoint's
 * {@code strategy} option or the {@code x-llmrouter-strategy} header.
 */
public interface Strategy {

    String name();

    /**
     * Work to finish before {@link #rank}, off the caller's thread (the learned strategy embeds the prompt on a
     * worker pool). Done at once by default.
     */
    default CompletableFuture<Void> prepare(RequestProfile profile) {
        return CompletableFuture.completedFuture(null);
    }

    /** @param admissible never empty */
    List<Candidate> rank(RequestProfile profile, List<Deployment> admissible, RouterState state);
}
