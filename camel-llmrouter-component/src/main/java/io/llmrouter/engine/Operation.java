package io.llmrouter.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.resilience.AttemptRecord;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.scoring.RequestProfile;

/** One request of one kind (a chat completion, a stream, embeddings): what the pipeline's stages need to know of it. */
interface Operation<T> {

    /** What the request needs of a model and what the caller prefers. */
    RequestProfile profile(Preferences preferences);

    /** The models the request itself names, in order (the body's model, then its models or fallbacks). */
    List<String> namedModels();

    /** The chat request, for steering by its user and prompt prefix; null for other kinds. */
    default ChatRequest chatRequest() {
        return null;
    }

    /** Embeddings are routed over embedding models only, everything else over the other models. */
    boolean embeddings();

    /** The tokens one attempt on {@code d} is expected to use, for the deployment's tpm window. */
    int expectedTokens(RequestProfile profile, Deployment d);

    /** The most one attempt on {@code d} can cost, reserved against the caller's budgets. */
    double worstCaseCost(RequestProfile profile, Deployment d);

    /**
     * Starts one attempt. The future completes with the answer (a stream: once its first token arrived); the operation
     * closes {@code record} as a success when the answer is complete, and a stream also when it breaks after that.
     */
    CompletableFuture<T> attempt(ProviderAdapter adapter, Deployment d, CallOptions call, AttemptRecord record);

    /** The usage to bill when the answer is given; null when the provider reported none or for a stream. */
    Usage usage(T answer);

    /** A stream bills as its usage arrives, not when the pipeline answers. */
    default boolean billedAsItStreams() {
        return false;
    }

    /** The pipeline has responded with this answer and told the listeners. */
    default void responded(T answer) {
    }
}
