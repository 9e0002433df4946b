package io.llmrouter.engine;

import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.resilience.AttemptRecord;

/** A plain chat completion: the answer comes whole. */
final class ChatOperation extends ChatCompletion<ChatResponse> {

    ChatOperation(ChatRequest request) {
        super(request);
    }

    @Override
    public CompletableFuture<ChatResponse> attempt(ProviderAdapter adapter, Deployment d, CallOptions call,
                                                   AttemptRecord record) {
        return adapter.chat(d, request, call).thenApply(r -> {
            record.succeeded(r.usage);
            return r;
        });
    }

    @Override
    public Usage usage(ChatResponse answer) {
        return answer.usage;
    }
}
