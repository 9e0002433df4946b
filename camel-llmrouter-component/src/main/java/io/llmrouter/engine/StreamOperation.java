package io.llmrouter.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.api.StreamOptions;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.resilience.AttemptRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streamed chat completion. An attempt is committed once its first chunk arrives: until then a failure moves on to
 * the next candidate. After it, a stream that breaks (cut, stalled, malformed) is resumed on the next candidate: one
 * that takes a prefill is asked to continue the partial answer; another is asked again and its answer spliced, relayed
 * only past what the caller already has and only if it begins with exactly that (a deterministic request). A stream
 * broken inside a tool call cannot be prefilled: a deterministic request is asked again and spliced the same way, its
 * tool calls matched to the caller's ({@link Splice}). Either way
 * only the continuation is relayed, under the first chunk's id, so the caller sees one answer. When no candidate can,
 * the stream ends with the error that first broke it. Spend is billed as providers report usage (each broken part at
 * its estimate), and the stream ends only once it is recorded.
 */
final class StreamOperation extends ChatCompletion<ChatStream> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamOperation.class);

    /**
     * Where a broken stream can go on: the next candidate, its adapter, call options and record, whether it takes a
     * prefill, and the prompt tokens the broken deployment was sent (estimated: it reported nothing, and bills them).
     */
    record Continuation(Deployment deployment, ProviderAdapter adapter, CallOptions call, AttemptRecord record,
                        boolean prefill, int brokenPromptTokens) {
    }

    /** Finds the continuation of a stream broken on {@code broken}, or null when no candidate is left for it. */
    interface Resumer {
        Continuation after(Deployment broken);
    }

    private final RouteOptions options;
    private final Accounting accounting;
    private final RequestListener listener;
    /** The stream the caller was answered with: only its end is reported, after the answer (not a lost hedge's). */
    private final CompletableFuture<ChatStream> answered = new CompletableFuture<>();
    private volatile Resumer resumer;
    private volatile BiConsumer<Deployment, ChatResponse> whole;

    StreamOperation(ChatRequest request, RouteOptions options, Accounting accounting, RequestListener listener) {
        super(request);
        this.options = options;
        this.accounting = accounting;
        this.listener = listener;
    }

    /** Broken streams resume through this; without it they end with their error. */
    void resumeWith(Resumer r) {
        this.resumer = r;
    }

    /**
     * Hears the answer once its stream ended whole, as one response (the response cache keeps it). Only a single-choice
     * text answer from one deployment qualifies: one with tool calls, or resumed elsewhere, is not heard.
     */
    void whenWhole(BiConsumer<Deployment, ChatResponse> listener) {
        this.whole = listener;
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
    private CompletableFuture<Void> ifAnswered(ChatStream stream, Supplier<CompletableFuture<Void>> bill) {
        return answered.thenCompose(s -> s == stream ? bill.get() : Accounting.NOTHING_TO_BILL);
    }

    @Override
    public CompletableFuture<ChatStream> attempt(ProviderAdapter adapter, Deployment d, CallOptions call,
                                                 AttemptRecord record) {
        CompletableFuture<ChatStream> committed = new CompletableFuture<>();
        ChatStream stream = new ChatStream(call.cancel());
        adapter.stream(d, request, call, new Relay(stream, committed, d, record, null, call));
        return committed;
    }

    /**
     * What went before a continuation.
     *
     * @param answer  what the caller has of the answer
     * @param splice  true when the continuation answers from the start and is relayed past {@code answer} only
     * @param failure the error that first broke the answer: what the caller sees if it cannot be finished
     */
    private record Prior(AnswerSoFar answer, String id, String model, int completionTokens, boolean splice,
                         LlmException failure) {
    }

    /** Whitespace at the end of a prefill: Anthropic refuses it, so it is left out and not sent twice. */
    private static String trailingSpace(String text) {
        return text.substring(text.stripTrailing().length());
    }

    /** Relays one attempt's chunks into the caller's stream. */
    private final class Relay implements StreamListener {

        private final ChatStream stream;
        private final CompletableFuture<ChatStream> committed;
        private final Deployment d;
        private final AttemptRecord record;
        /** Null for the first attempt; for a continuation, what the caller already has. */
        private final Prior prior;
        private final CallOptions call;
        /** What the caller has of the answer: the prior parts' and what this attempt relayed. */
        private final AnswerSoFar answer;
        /** Characters of text, tool names and arguments this attempt relayed. */
        private int relayed;
        private String id;
        private String model;
        private long created;
        private String finishReason;
        /** The prefill's trailing whitespace, which the continuation repeats: dropped from its first text. */
        private String skip;
        /** Splicing: the answer generated again, relayed only past what the caller has; null when continuing. */
        private final Splice splice;
        /** Set when this attempt's answer turned out unusable: what it still sends is ignored. */
        private boolean abandoned;
        /** The caller has had a second choice, or an upstream's own Responses events: the answer cannot be resumed. */
        private boolean unresumable;
        /** The caller has had the finish_reason: the answer is whole, only what follows it (usage, [DONE]) may be lost. */
        private boolean finished;
        private Usage usage;
        private double cost;
        private CompletableFuture<Void> billed = Accounting.NOTHING_TO_BILL;

        Relay(ChatStream stream, CompletableFuture<ChatStream> committed, Deployment d, AttemptRecord record,
              Prior prior, CallOptions call) {
            this.call = call;
            this.stream = stream;
            this.committed = committed;
            this.d = d;
            this.record = record;
            this.prior = prior;
            this.answer = prior == null ? new AnswerSoFar() : prior.answer().copy();
            this.skip = prior == null || prior.splice() ? "" : trailingSpace(prior.answer().text());
            this.splice = prior != null && prior.splice() ? new Splice(prior.answer()) : null;
        }

        @Override
        public void onChunk(ChatChunk chunk) {
            if (abandoned) {
                return;
            }
            if (splice != null) {
                chunk = splice.next(chunk);
                if (splice.differs() != null) {
                    giveUp(splice.differs());
                    return;
                }
                if (chunk == null) {
                    return; // still repeating what the caller has
                }
            }
            if (prior != null) {
                chunk.id = prior.id();
                chunk.model = prior.model();
                if (isRoleOnly(chunk)) {
                    return; // the caller had the role at the start of the answer
                }
                dropRepeatedSpace(chunk);
            } else if (id == null) {
                id = chunk.id;
                model = chunk.model;
                created = chunk.created;
            }
            keep(chunk);
            if (chunk.usage != null) {
                if (prior != null) {
                    // one usage for the caller: the continuation's prompt (which holds the prefill) and every part's output
                    chunk.usage = Usage.of(chunk.usage.promptTokens,
                            chunk.usage.completionTokens + prior.completionTokens());
                }
                usage = chunk.usage;
                cost = Accounting.cost(d, chunk.usage);
                Usage reported = chunk.usage;
                double billable = prior == null ? cost : d.cost(reported.promptTokens, reported.cachedTokens(),
                        reported.completionTokens - prior.completionTokens());
                billed = ifAnswered(stream, () -> accounting.bill(options, d, reported, billable));
                if (!request.wantsUsageInStream()) {
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

        /** This continuation cannot finish the answer: its call is stopped and the caller gets the first failure. */
        private void giveUp(String why) {
            abandoned = true;
            LOG.info("stream continuation on {} given up: {}", d.id(), why);
            record.cancelled();
            call.cancel().cancel();
            fail(prior.failure());
        }

        @Override
        public void onComplete() {
            if (abandoned) {
                return;
            }
            if (splice != null && !splice.covered()) {
                giveUp("its answer ended before it covered what was already sent");
                return;
            }
            record.firstToken();
            record.succeeded(usage);
            committed.complete(stream);
            if (usage == null) {
                billed = ifAnswered(stream, () -> accounting.billUnreported(options, d));
            }
            BiConsumer<Deployment, ChatResponse> w = whole;
            if (w != null && prior == null && !unresumable && !answer.hasCalls() && finishReason != null) {
                // kept before the caller hears the end: whoever asks next finds it
                answered.thenAccept(s -> {
                    if (s == stream) {
                        w.accept(d, asResponse());
                    }
                });
            }
            billed.whenComplete((v, e) -> {
                stream.billed(usage, usage == null ? Double.NaN : cost);
                ended(stream, d, usage, cost, null);
                stream.complete();
            });
        }

        private ChatResponse asResponse() {
            ChatResponse r = new ChatResponse();
            r.id = id;
            r.created = created;
            r.model = model;
            ChatResponse.Choice c = new ChatResponse.Choice();
            c.message = ChatMessage.of("assistant", answer.text());
            c.finishReason = finishReason;
            r.choices = List.of(c);
            r.usage = usage;
            return r;
        }

        @Override
        public void onError(LlmException error) {
            if (abandoned) {
                return;
            }
            if (committed.completeExceptionally(error)) {
                return; // before the first token: the attempt loop moves on
            }
            if (finished && !options.cancel().isCancelled()
                && (error.kind() == ErrorKind.STREAM_CUT || error.kind() == ErrorKind.STREAM_STALLED)) {
                onComplete(); // cut after its finish_reason: the answer is whole, only its usage did not come
                return;
            }
            if (options.cancel().isCancelled()) {
                record.cancelled(); // the caller left: nothing to blame the provider for
            } else {
                record.failed(error.kind(), error.retryAfterMillis());
            }
            LlmException first = prior == null ? error : prior.failure();
            if (resume(error, first)) {
                return;
            }
            fail(first);
        }

        private void fail(LlmException error) {
            if (usage == null) {
                // a broken stream was paid for all the same
                ifAnswered(stream, () -> accounting.billUnreported(options, d));
            }
            stream.billed(usage, usage == null ? Double.NaN : cost);
            ended(stream, d, usage, cost, error);
            stream.fail(error);
        }

        /**
         * Goes on on the next candidate when the break is the provider's and the caller is there. A continuation that
         * fails before it relayed anything (a provider refusing the prefill, say) passes the turn to the next one.
         */
        private boolean resume(LlmException error, LlmException first) {
            Resumer r = resumer;
            boolean relayedNothing = prior != null && relayed == 0;
            // the request's own token: this attempt's lane is cancelled by the break itself
            if (r == null || usage != null || options.cancel().isCancelled() || unresumable
                || !(resumable(error.kind()) || relayedNothing)) {
                return false;
            }
            boolean inToolCall = answer.hasCalls();
            if (inToolCall && !request.deterministic()) {
                // a tool call cannot be prefilled, and asked again another sampling would not repeat it
                LOG.info("stream from {} broke in a tool call of a request without temperature 0 or a seed: "
                         + "not resumed", d.id());
                return false;
            }
            ChatStream winner = answered.getNow(null);
            if (winner != null && winner != stream) {
                return false; // a hedge that lost: nobody reads it
            }
            Continuation next = r.after(d);
            if (next == null) {
                return false;
            }
            int partTokens = Math.max(1, relayed / 4);
            LOG.info("stream from {} broke after {} characters of text{} ({}): resuming on {}", d.id(),
                    answer.textLength(), inToolCall ? " and in a tool call" : "", error.kind(),
                    next.deployment().id());
            // the broken part is billed at its estimate (its prompt, and 4 characters a token of what it generated):
            // the provider reported nothing, and bills it all the same
            ifAnswered(stream, () -> {
                accounting.charge(options, d, d.cost(next.brokenPromptTokens(), 0, partTokens));
                return Accounting.NOTHING_TO_BILL;
            });
            // a tool call cannot be prefilled: the answer is asked again and spliced
            boolean prefill = next.prefill() && !inToolCall;
            Prior carried = new Prior(answer.copy(), prior == null ? id : prior.id(),
                    prior == null ? model : prior.model(), (prior == null ? 0 : prior.completionTokens()) + partTokens,
                    !prefill, first);
            try {
                // the request copied, which leaves a native Responses body behind: what the caller has is in chat's words
                next.adapter().stream(next.deployment(), prefill ? continued(answer.text()) : request.copy(), next.call(),
                        new Relay(stream, committed, next.deployment(), next.record(), carried, next.call()));
            } catch (RuntimeException e) {
                LOG.warn("could not resume on {}: {}", next.deployment().id(), e.toString());
                next.record().failed(ErrorKind.INTERNAL, -1);
                return false;
            }
            return true;
        }

        private void dropRepeatedSpace(ChatChunk chunk) {
            if (skip.isEmpty() || chunk.choices == null) {
                return;
            }
            for (ChatChunk.Choice c : chunk.choices) {
                if (c.index == 0 && c.delta != null && c.delta.content != null) {
                    String t = c.delta.content.asText();
                    if (t.isEmpty()) {
                        continue;
                    }
                    String rest = t.startsWith(skip) ? t.substring(skip.length()) : t;
                    c.delta.content = io.llmrouter.api.MessageContent.text(rest);
                    skip = "";
                }
            }
        }

        private void keep(ChatChunk chunk) {
            // an upstream's own Responses events cannot be continued in another provider's words either
            unresumable |= chunk.responsesEvent != null;
            if (chunk.choices != null) {
                for (ChatChunk.Choice c : chunk.choices) {
                    if (c.index != 0) {
                        unresumable = true;
                    }
                    if (c.finishReason != null) {
                        finished = true;
                        finishReason = c.finishReason;
                    }
                }
            }
            relayed += answer.add(chunk);
        }
    }

    private static boolean resumable(ErrorKind kind) {
        return kind == ErrorKind.STREAM_CUT || kind == ErrorKind.STREAM_STALLED
               || kind == ErrorKind.MALFORMED_RESPONSE || kind == ErrorKind.SERVER_ERROR
               || kind == ErrorKind.OVERLOADED;
    }

    private static boolean isRoleOnly(ChatChunk chunk) {
        if (chunk.usage != null || chunk.choices == null || chunk.choices.isEmpty()) {
            return false;
        }
        for (ChatChunk.Choice c : chunk.choices) {
            if (c.finishReason != null || c.delta == null || c.delta.toolCalls != null
                || c.delta.content != null && !c.delta.content.asText().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The request again, with the partial answer as the assistant's last message for the model to continue. */
    private ChatRequest continued(String sent) {
        ChatRequest r = request.copy();
        r.messages = new ArrayList<>(request.messages);
        r.messages.add(ChatMessage.of("assistant", sent.stripTrailing()));
        r.streamOptions = StreamOptions.withUsage();
        return r;
    }
}
