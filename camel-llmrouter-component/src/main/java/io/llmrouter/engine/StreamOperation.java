package io.llmrouter.engine;

import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.resilience.AttemptRecord;

/**
 * A streamed chat completion. An attempt is committed once its first chunk arrives: until then a failure moves on to
 * the next candidate; after it, failures reach the stream as errors. Its spend is billed as the provider reports usage,
 * and the stream ends only once that spend is recorded.
 */
final class StreamOperation extends ChatCompletion<ChatStream> {

    private final RouteOptions options;
    private final Accounting accounting;
    private final RequestListener listener;
    /** The stream the caller was answered with: only its end is reported, after the answer (not a lost hedge's). */
    private final CompletableFuture<ChatStream> answered = new CompletableFuture<>();

    StreamOperation(ChatRequest request, RouteOptions options, Accounting accounting, RequestListener listener) {
        super(request);
        this.options = options;
        this.accounting = accounting;
        this.listener = listener;
    }

    @Override
    public Usage usage(ChatStream answer) {
        return null;
    }

    @Override
    public boolean billedAsItStreams() {
        return true;
    }

    @Override
    public void responded(ChatStream answer) {
        answered.complete(answer);
    }

    private void ended(ChatStream stream, Deployment d, Usage usage, double cost, LlmException error) {
        answered.thenAccept(s -> {
            if (s == stream) {
                listener.streamEnded(options, d, usage, cost, error);
            }
        });
    }

    /**
     * Bills only the stream the caller was answered with: a hedged attempt that lost the race after its first token is
     * cancelled, and its end must not close the request's tab before the winner's usage arrives.
     */
    private CompletableFuture<Void> ifAnswered(ChatStream stream,
                                               java.util.function.Supplier<CompletableFuture<Void>> bill) {
        return answered.thenCompose(s -> s == stream ? bill.get() : Accounting.NOTHING_TO_BILL);
    }

    @Override
    public CompletableFuture<ChatStream> attempt(ProviderAdapter adapter, Deployment d, CallOptions call,
                                                 AttemptRecord record) {
        CompletableFuture<ChatStream> committed = new CompletableFuture<>();
        ChatStream stream = new ChatStream(call.cancel());
        boolean callerWantsUsage = request.wantsUsageInStream();
        adapter.stream(d, request, call, new StreamListener() {
            private Usage usage;
            private double cost;
            private CompletableFuture<Void> billed = Accounting.NOTHING_TO_BILL;

            @Override
            public void onChunk(ChatChunk chunk) {
                if (chunk.usage != null) {
                    usage = chunk.usage;
                    cost = Accounting.cost(d, chunk.usage);
                    Usage reported = chunk.usage;
                    double billable = cost;
                    billed = ifAnswered(stream, () -> accounting.bill(options, d, reported, billable));
                    if (!callerWantsUsage) {
                        if (chunk.usageOnly()) {
                            return;
                        }
                        chunk.usage = null;
                    }
                }
                record.firstToken();
                committed.complete(stream);
                stream.push(chunk);
            }

            @Override
            public void onComplete() {
                record.firstToken();
                record.succeeded(usage);
                committed.complete(stream);
                if (usage == null) {
                    billed = ifAnswered(stream, () -> accounting.billUnreported(options, d));
                }
                billed.whenComplete((v, e) -> {
                    stream.billed(usage, usage == null ? Double.NaN : cost);
                    ended(stream, d, usage, cost, null);
                    stream.complete();
                });
            }

            @Override
            public void onError(LlmException error) {
                if (!committed.completeExceptionally(error)) {
                    record.failed(error.kind(), error.retryAfterMillis());
                    if (usage == null) {
                        // a broken stream was paid for all the same
                        ifAnswered(stream, () -> accounting.billUnreported(options, d));
                    }
                    stream.billed(usage, usage == null ? Double.NaN : cost);
                    ended(stream, d, usage, cost, error);
                    stream.fail(error);
                }
            }
        });
        return committed;
    }
}
