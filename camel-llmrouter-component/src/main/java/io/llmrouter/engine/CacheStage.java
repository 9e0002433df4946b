package io.llmrouter.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ChatStream;
import io.llmrouter.cache.CachePolicy;
import io.llmrouter.cache.CacheScope;
import io.llmrouter.cache.Fingerprint;
import io.llmrouter.cache.ResponseCache;
import io.llmrouter.catalog.Catalog;
import java.util.function.Supplier;
import io.llmrouter.catalog.Deployment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.governance.Tab;
import io.llmrouter.scoring.Ranking;

/**
 * The pipeline's cache stage, after admission and before ranking: a hit is answered from the {@link ResponseCache}
 * (a stream as a replayed stream) without ranking, attempts or spend; a miss goes on and its answer is kept once
 * whole. A hit whose model the caller's key may no longer use, or that left the catalog, is a miss.
 */
final class CacheStage {

    private static final Logger LOG = LoggerFactory.getLogger(CacheStage.class);

    static final String HIT = "hit";
    static final String MISS = "miss";
    private static final String GLOBAL = "*";

    private final ResponseCache cache;
    private final Supplier<Catalog> catalog;
    private final Function<CompletableFuture<ResponseCache.Lookup>, CompletableFuture<ResponseCache.Lookup>> resume;
    private final RequestListener listener;

    CacheStage(ResponseCache cache, Supplier<Catalog> catalog, RequestListener listener,
               Function<CompletableFuture<ResponseCache.Lookup>, CompletableFuture<ResponseCache.Lookup>> resume) {
        this.cache = cache;
        this.catalog = catalog;
        this.listener = listener;
        this.resume = resume;
    }

    /** Whether the request uses the cache: a chat completion whose policy and temperature allow it. */
    boolean applies(Operation<?> op, RouteOptions options) {
        return op instanceof ChatCompletion<?> chat && ResponseCache.eligible(chat.request, options.cache());
    }

    /** The lookup of a request the cache {@link #applies} to, back on the caller's event loop. */
    CompletableFuture<ResponseCache.Lookup> lookup(Operation<?> op, RouteOptions options) {
        ChatCompletion<?> chat = (ChatCompletion<?>) op;
        String target = Fingerprint.target(options.model(), options.candidates(), chat.request.requestedModels());
        String namespace = namespace(options.cache(), options.tab());
        CompletableFuture<ResponseCache.Lookup> lookup;
        try {
            lookup = cache.lookup(chat.request, target, namespace, options.cache());
        } catch (RuntimeException e) {
            lookup = CompletableFuture.failedFuture(e);
        }
        // the cache is a shortcut: a lookup that fails (the cluster, the embedder, a full queue) is a miss, never the
        // caller's error, and its answer is not kept
        return resume.apply(lookup.exceptionally(e -> {
            LOG.warn("response cache lookup failed, answering without it: {}", e.toString());
            return null;
        }));
    }

    /** The deployment a hit's answer came from, when the caller may still have it; else null (a miss). */
    Deployment servable(ResponseCache.Lookup lookup, RouteOptions options) {
        if (lookup == null || lookup.hit() == null) {
            return null;
        }
        Deployment d = catalog.get().resolve(lookup.hit().deployment()).orElse(null);
        if (d == null || !(options.tab().allows(d.id()) || options.tab().allows(d.model().id()))) {
            return null;
        }
        // the caller's provider and region filters hold for kept answers too (residency)
        Preferences p = options.preferences();
        String provider = d.provider().id();
        if (!p.allowProviders().isEmpty() && !p.allowProviders().contains(provider)
            || p.denyProviders().contains(provider)
            || !p.regions().isEmpty() && p.regions().stream().noneMatch(d.provider().regions()::contains)) {
            return null;
        }
        return d;
    }

    /** The answer to a hit: nothing reserved, nothing billed. */
    @SuppressWarnings("unchecked")
    <T> Routed<T> serve(Operation<T> op, ResponseCache.Lookup lookup, Deployment d, RouteOptions options) {
        options.tab().release();
        ChatResponse answer = lookup.answer();
        Ranking ranking = new Ranking("cache", List.of(), List.of(), false, false);
        if (op instanceof StreamOperation stream) {
            ChatStream replay = replay(answer, stream.request.wantsUsageInStream(), options);
            return new Routed<>((T) replay, d, ranking, List.of(), null, 0, 0, HIT);
        }
        return new Routed<>((T) answer, d, ranking, List.of(), answer.usage, 0, 0, HIT);
    }

    /** After the pipeline responded with a hit: a replayed stream has also ended, at no cost. */
    void served(Routed<?> hit, RouteOptions options) {
        if (hit.value() instanceof ChatStream s) {
            listener.streamEnded(options, hit.deployment(), s.usage(), 0, null);
        }
    }

    /** Before a miss is routed: a stream's answer is kept once it has ended whole, before the caller hears the end. */
    void keepWhenWhole(Operation<?> op, ResponseCache.Lookup miss) {
        if (miss != null && op instanceof StreamOperation stream) {
            stream.whenWhole((d, answer) -> cache.store(miss, d.id(), answer));
        }
    }

    /** After a miss was answered: a plain answer is kept now. */
    <T> Routed<T> kept(ResponseCache.Lookup miss, Routed<T> routed) {
        if (miss != null && routed.value() instanceof ChatResponse answer) {
            cache.store(miss, routed.model(), answer);
        }
        return routed.withCache(MISS);
    }

    /** The kept answer as a stream: the role and text, tool calls, the finish reason, the usage when asked for. */
    private ChatStream replay(ChatResponse answer, boolean withUsage, RouteOptions options) {
        ChatStream s = new ChatStream(options.cancel());
        List<ChatResponse.Choice> choices = answer.choices == null ? List.of() : answer.choices;
        for (ChatResponse.Choice c : choices) {
            ChatMessage delta = new ChatMessage();
            delta.role = "assistant";
            delta.content = c.message == null ? null : c.message.content;
            delta.toolCalls = c.message == null ? null : c.message.toolCalls;
            s.push(chunk(answer, c.index, delta, null));
            s.push(chunk(answer, c.index, new ChatMessage(), c.finishReason));
        }
        if (withUsage && answer.usage != null) {
            ChatChunk usage = chunk(answer, 0, null, null);
            usage.choices = List.of();
            usage.usage = answer.usage;
            s.push(usage);
        }
        s.billed(answer.usage, 0);
        s.complete();
        return s;
    }

    private static ChatChunk chunk(ChatResponse answer, int index, ChatMessage delta, String finish) {
        ChatChunk c = new ChatChunk();
        c.id = answer.id;
        c.created = answer.created;
        c.model = answer.model;
        c.systemFingerprint = answer.systemFingerprint;
        ChatChunk.Choice choice = new ChatChunk.Choice();
        choice.index = index;
        choice.delta = delta;
        choice.finishReason = finish;
        c.choices = new ArrayList<>(List.of(choice));
        return c;
    }

    private static String namespace(CachePolicy policy, Tab tab) {
        if (policy.scope() == CacheScope.GLOBAL) {
            return GLOBAL;
        }
        if (policy.scope() == CacheScope.TEAM && tab.caller() != null && tab.caller().teamId() != null) {
            return "team:" + tab.caller().teamId();
        }
        String key = tab.account();
        return "key:" + (key != null ? key : RouteOptions.DEFAULT_ACCOUNT);
    }
}
