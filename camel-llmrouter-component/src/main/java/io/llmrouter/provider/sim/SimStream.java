package io.llmrouter.provider.sim;

import java.util.List;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.StreamListener;
import io.llmrouter.api.ToolCall;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.time.Clock;

/**
 * One simulated stream: a role chunk per choice after the first-token delay, then each choice's pieces at the token
 * rate, then each choice's finish reason and the usage.
 */
final class SimStream {

    private final Clock clock;
    private final Deployment d;
    private final SimAdapter.Answer answer;
    private final SimProfile profile;
    private final CallOptions options;
    private final StreamListener listener;
    private final LlmException failure;
    private final double slower;
    private final Runnable onEnd;
    private int sent;
    private Clock.Timer timer;
    private boolean ended;

    /** @param slower how much slower than the profile this stream runs (saturation, slowdown); onEnd runs once */
    SimStream(Clock clock, Deployment d, SimAdapter.Answer answer, SimProfile profile, double slower, CallOptions options,
              StreamListener listener, LlmException failure, Runnable onEnd) {
        this.clock = clock;
        this.d = d;
        this.answer = answer;
        this.profile = profile;
        this.options = options;
        this.listener = listener;
        this.failure = failure;
        this.slower = slower;
        this.onEnd = onEnd;
    }

    /** Ends with an error, as a provider's stream would, when cancelled or when the first token comes too late. */
    void start(long firstTokenMillis) {
        options.cancel().onCancel(() -> end(LlmException.of(ErrorKind.CANCELLED, "cancelled")));
        long limit = Math.min(options.timeout().toMillis(), options.firstTokenTimeout().toMillis());
        if (firstTokenMillis > limit) {
            schedule(limit, () -> end(LlmException.of(ErrorKind.FIRST_TOKEN_TIMEOUT,
                    "Simulated '" + d.id() + "' sent no first token within " + limit + " ms")));
        } else {
            schedule(firstTokenMillis, this::first);
        }
    }

    private synchronized void schedule(long delay, Runnable step) {
        if (!ended) {
            timer = clock.schedule(delay, () -> {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    end(LlmException.of(ErrorKind.SERVER_ERROR, "Simulated '" + d.id() + "' failed: " + e));
                }
            });
        }
    }

    private void first() {
        if (failure != null) {
            end(failure);
            return;
        }
        boolean tools = false;
        for (int i = 0; i < answer.choices().size(); i++) {
            ToolCall call = answer.choices().get(i).toolCall();
            ChatChunk c = delta(i);
            c.choices.get(0).delta.role = "assistant";
            if (call != null) {
                tools = true;
                ToolCall head = ToolCall.function(call.id, call.function.name, "");
                head.index = 0;
                c.choices.get(0).delta.toolCalls = List.of(head);
            } else {
                c.choices.get(0).delta.content = MessageContent.text("");
            }
            emit(c);
        }
        schedule(SimAdapter.tickMillis(), tools ? this::toolArguments : this::words);
    }

    private void toolArguments() {
        for (int i = 0; i < answer.choices().size(); i++) {
            String args = answer.choices().get(i).toolCall().function.arguments;
            int half = args.length() / 2;
            for (String part : new String[] { args.substring(0, half), args.substring(half) }) {
                ChatChunk c = delta(i);
                ToolCall fragment = new ToolCall();
                fragment.index = 0;
                fragment.function = new ToolCall.FunctionCall();
                fragment.function.arguments = part;
                c.choices.get(0).delta.toolCalls = List.of(fragment);
                emit(c);
            }
        }
        finish();
    }

    /** The next pieces of every choice, a tick's worth at the token rate. */
    private void words() {
        long perTick = Math.max(1, Math.round(profile.tokensPerSecond() * SimAdapter.tickMillis() / 1000.0));
        boolean more = false;
        for (int i = 0; i < answer.choices().size(); i++) {
            List<String> pieces = answer.choices().get(i).pieces();
            int to = (int) Math.min(pieces.size(), sent + perTick);
            if (sent < to) {
                ChatChunk c = delta(i);
                c.choices.get(0).delta.content = MessageContent.text(String.join("", pieces.subList(sent, to)));
                emit(c);
            }
            more |= to < pieces.size();
        }
        sent += (int) perTick;
        if (more) {
            long delay = Math.max(1, Math.round(perTick * 1000.0 / profile.tokensPerSecond() * slower));
            schedule(delay, this::words);
        } else {
            finish();
        }
    }

    private void finish() {
        for (int i = 0; i < answer.choices().size(); i++) {
            ChatChunk c = delta(i);
            c.choices.get(0).finishReason = answer.choices().get(i).finishReason();
            emit(c);
        }
        ChatChunk usage = SimAdapter.chunk(answer, d);
        usage.choices = List.of();
        usage.usage = Usage.of(answer.promptTokens(), answer.tokens());
        emit(usage);
        end(null);
    }

    private ChatChunk delta(int index) {
        ChatChunk c = SimAdapter.chunk(answer, d);
        ChatChunk.Choice choice = new ChatChunk.Choice();
        choice.index = index;
        choice.delta = new ChatMessage();
        c.choices = List.of(choice);
        return c;
    }

    private void emit(ChatChunk c) {
        synchronized (this) {
            if (ended) {
                return;
            }
        }
        listener.onChunk(c);
    }

    private void end(LlmException error) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            if (timer != null) {
                timer.cancel();
            }
        }
        onEnd.run();
        if (error == null) {
            listener.onComplete();
        } else {
            listener.onError(error);
        }
    }

}
