package io.llmrouter.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.resilience.AttemptRecord;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.scoring.RequestProfile;

/** Embeddings of one or more inputs. */
final class EmbedOperation implements Operation<EmbeddingResponse> {

    private final EmbeddingRequest request;

    EmbedOperation(EmbeddingRequest request) {
        this.request = request;
    }

    @Override
    public RequestProfile profile(Preferences preferences) {
        return RequestProfile.embeddings(request.input.toString(), preferences);
    }

    @Override
    public List<String> namedModels() {
        return request.model == null ? List.of() : List.of(request.model);
    }

    @Override
    public boolean embeddings() {
        return true;
    }

    @Override
    public double worstCaseCost(RequestProfile profile, Deployment d) {
        return d.cost(profile.promptTokensUpperBound(), 0, 0);
    }

    @Override
    public int expectedTokens(RequestProfile profile, Deployment d) {
        return profile.approximatePromptTokens();
    }

    @Override
    public CompletableFuture<EmbeddingResponse> attempt(ProviderAdapter adapter, Deployment d, CallOptions call,
                                                        AttemptRecord record) {
        return adapter.embed(d, request, call).thenApply(r -> {
            record.succeeded(r.usage);
            return r;
        });
    }

    @Override
    public Usage usage(EmbeddingResponse answer) {
        return answer.usage;
    }
}
