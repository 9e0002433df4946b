package io.llmrouter.cache;

import io.llmrouter.learned.Embedder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact and semantic response caching over a {@link CacheStore}. An exact lookup reads the entry under the request's
 * namespace and {@link Fingerprint#exact()}; a semantic one, when that misses, embeds the last user message (on a
 * worker thread, never the event loop), finds the nearest kept prompt of the same namespace and context in this node's
 * {@link SemanticIndex}, and reads that entry. A request whose temperature is above 0 (absent counts as 1, OpenAI's
 * default) is neither served nor kept unless it asked for the cache itself: its answers are meant to vary.
 */
public final class ResponseCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

    /** One request's lookup: what it found and what is needed to keep its answer after a miss. */
    public record Lookup(CachePolicy policy, String namespace, Fingerprint fingerprint, float[] vector,
                         CachedAnswer hit) {

        /** A copy of the kept answer (callers may change what they are given). */
        public ChatResponse answer() {
            return Json.MAPPER.convertValue(hit.response(), ChatResponse.class);
        }
    }

    private final CacheStore store;
    private final Supplier<Embedder> embedderFactory;
    private final LongSupplier millis;
    private final SemanticIndex index = new SemanticIndex();
    private final ExecutorService embedding;
    private final LongAdder[] hits = {new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongAdder[] misses = {new LongAdder(), new LongAdder(), new LongAdder()};
    private volatile Embedder embedder;

    /**
     * @param embedder made on the first semantic lookup (the default model takes a second to load)
     * @param millis   wall clock for expiry stamps
     */
    public ResponseCache(CacheStore store, Supplier<Embedder> embedder, LongSupplier millis) {
        this.store = store;
        this.embedderFactory = embedder;
        this.millis = millis;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        // bounded like the learned router's pool: past it a lookup fails, which the engine takes as a miss
        this.embedding = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                r -> {
                    Thread t = new Thread(r, "llmrouter-cache-embed");
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) embedding).allowCoreThreadTimeOut(true);
        store.listen(e -> {
            if (e.vector() != null) {
                index.add(e.key(), e.bucket(), e.vector());
            }
        }, index::remove);
    }

    /** Whether the request may use the cache at all under its policy. */
    public static boolean eligible(ChatRequest request, CachePolicy policy) {
        if (!policy.on() || request.n != null && request.n > 1) {
            return false;
        }
        double temperature = request.temperature == null ? 1 : request.temperature;
        return temperature <= 0 || policy.asked();
    }

    /** Looks the request up; completes on a store's or embedding thread. */
    public CompletableFuture<Lookup> lookup(ChatRequest request, String target, String namespace,
                                            CachePolicy policy) {
        Fingerprint fp = Fingerprint.of(request, target);
        String key = namespace + ':' + fp.exact();
        return store.get(key).thenCompose(exact -> {
            if (exact != null || policy.mode() != CacheMode.SEMANTIC || fp.prompt().isBlank()) {
                return CompletableFuture.completedFuture(counted(new Lookup(policy, namespace, fp, null, exact)));
            }
            return CompletableFuture.supplyAsync(() -> SemanticIndex.normalise(embedder().embed(fp.prompt())),
                    embedding).thenCompose(vector -> {
                        String near = index.nearest(CachedAnswer.bucket(namespace, fp.context()), vector,
                                policy.similarity());
                        CompletableFuture<CachedAnswer> found = near == null
                                ? CompletableFuture.completedFuture(null) : store.get(near);
                        return found.thenApply(hit -> counted(new Lookup(policy, namespace, fp, vector, hit)));
                    });
        });
    }

    /** Keeps a miss's answer for its policy's TTL; a failure to keep it is logged, never the caller's. */
    public void store(Lookup miss, String deployment, ChatResponse answer) {
        try {
            CachePolicy p = miss.policy();
            Fingerprint fp = miss.fingerprint();
            store.put(new CachedAnswer(miss.namespace() + ':' + fp.exact(), miss.namespace(),
                    miss.vector() == null ? null : fp.context(), miss.vector(), deployment,
                    // a copy: the caller's answer goes on to be written, and may be changed on its way
                    Json.MAPPER.convertValue(answer, ChatResponse.class),
                    millis.getAsLong() + p.ttl().toMillis()), p.ttl());
        } catch (RuntimeException e) {
            LOG.warn("could not keep an answer in the response cache: {}", e.toString());
        }
    }

    private Lookup counted(Lookup l) {
        (l.hit() != null ? hits : misses)[l.policy().mode().ordinal()].increment();
        return l;
    }

    private Embedder embedder() {
        Embedder e = embedder;
        if (e == null) {
            synchronized (this) {
                if (embedder == null) {
                    embedder = embedderFactory.get();
                }
                e = embedder;
            }
        }
        return e;
    }

    /** Lookups answered from the cache, by mode. */
    public long hits(CacheMode mode) {
        return hits[mode.ordinal()].sum();
    }

    public long misses(CacheMode mode) {
        return misses[mode.ordinal()].sum();
    }

    /** Prompts in this node's semantic index. */
    public int indexed() {
        return index.size();
    }

    @Override
    public void close() {
        embedding.shutdownNow();
        store.close();
    }
}
