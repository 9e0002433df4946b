package io.llmrouter.provider;

import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.StreamListener;
import io.llmrouter.catalog.Deployment;

/**
 * Speaks one provider wire protocol: translates canonical requests to the wire and answers back. Calls never block;
 * failures complete the future (or reach the listener) as {@link io.llmrouter.api.LlmException} with their kind.
 */
public interface ProviderAdapter {

    CompletableFuture<ChatResponse> chat(Deployment deployment, ChatRequest request, CallOptions options);

    /** Streams a completion; the listener gets chunks, then exactly one completion or error. */
    void stream(Deployment deployment, ChatRequest request, CallOptions options, StreamListener listener);

    CompletableFuture<EmbeddingResponse> embed(Deployment deployment, EmbeddingRequest request, CallOptions options);
}
