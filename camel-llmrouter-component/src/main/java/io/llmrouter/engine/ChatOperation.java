package io.llmrouter.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.resilience.AttemptRecord;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.scoring.RequestProfile;

/** A plain chat completion: the answer comes whole. */
final class ChatOperation implements Operation<ChatResponse> {

    private final ChatRequest request;

    ChatOperation(ChatRequest request) {
        this.request = request;
    }

    @Override
    public RequestProfile profile(Preferences preferences) {
        return RequestProfile.of(request, preferences);
    }

    @Override
    public List<String> namedModels() {
        return request.requestedModels();
    }

    @Override
    public boolean embeddings() {
        return false;
    }

    @Override
    public int expectedTokens(RequestProfile profile, Deployment d) {
        return profile.approximatePromptTokens() + profile.expectedOutputTokens(d);
    }

    @Override
    public CompletableFuture<ChatResponse> attempt(ProviderAdapter adapter, Deployment d, CallOptions call,
                                                   AttemptRecord record) {
        return adapter.chat(d, request, call).thenApply(r -> {
            record.succeeded(r.usage == null ? -1 : r.usage.completionTokens);
            return r;
        });
    }

    @Override
    public Usage usage(ChatResponse answer) {
        return answer.usage;
    }
}
