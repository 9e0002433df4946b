package io.llmrouter.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;

/** A {@link StreamListener} that keeps what it receives: the chunks, and how the stream ended in {@link #end()}. */
public final class StreamRecorder implements StreamListener {

    private final List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> end = new CompletableFuture<>();
    private final List<String> endings = new CopyOnWriteArrayList<>();

    @Override
    public void onChunk(ChatChunk chunk) {
        if (end.isDone()) {
            throw new AssertionError("chunk after the end of the stream");
        }
        chunks.add(chunk);
    }

    @Override
    public void onComplete() {
        endings.add("complete");
        end.complete(null);
    }

    @Override
    public void onError(LlmException error) {
        endings.add("error");
        end.completeExceptionally(error);
    }

    public List<ChatChunk> chunks() {
        return List.copyOf(chunks);
    }

    /** The text of all content deltas, concatenated. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ChatChunk c : chunks) {
            if (c.choices != null && !c.choices.isEmpty() && c.choices.get(0).delta != null
                    && c.choices.get(0).delta.content != null) {
                sb.append(c.choices.get(0).delta.content.asText());
            }
        }
        return sb.toString();
    }

    /** Completes normally on onComplete, exceptionally with the LlmException on onError. */
    public CompletableFuture<Void> end() {
        return end;
    }

    /** How many times the stream ended: must be one. */
    public List<String> endings() {
        return List.copyOf(endings);
    }
}
