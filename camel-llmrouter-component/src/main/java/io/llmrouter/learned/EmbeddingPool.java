package io.llmrouter.learned;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an {@link Embedder} on a small bounded pool of daemon threads, so the request path never embeds on an event
 * loop. When the queue is full the future fails at once ({@link RejectedExecutionException}): a caller falls back
 * rather than queueing without bound.
 */
public final class EmbeddingPool implements AutoCloseable {

    private final Embedder embedder;
    private final ThreadPoolExecutor executor;

    public EmbeddingPool(Embedder embedder, int threads, int queue) {
        this.embedder = embedder;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "llmrouter-embed-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    public Embedder embedder() {
        return embedder;
    }

    public CompletableFuture<float[]> embed(String text) {
        try {
            return CompletableFuture.supplyAsync(() -> embedder.embed(text), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Embeddings already queued still complete; later ones are refused. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
