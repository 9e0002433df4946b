package io.llmrouter.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A provider's prompt cache, as OpenAI's works: a request whose leading messages were sent to this same upstream before
 * is charged those tokens as cached ({@code usage.prompt_tokens_details.cached_tokens}). Tokens are counted at four
 * characters each, prefixes at message boundaries. Register one instance per upstream: a cache is not shared.
 */
public final class PromptCache implements Behavior {

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong cachedTokens = new AtomicLong();

    @Override
    public void respond(Call call) {
        JsonNode messages = call.body().path("messages");
        StringBuilder prefix = new StringBuilder(call.body().path("tools").toString());
        int cached = 0;
        int total = 0;
        for (int i = 0; i < messages.size(); i++) {
            prefix.append(messages.get(i));
            total = prefix.length() / 4;
            if (!seen.add(prefix.toString()) && i < messages.size() - 1) {
                cached = total;
            }
        }
        promptTokens.addAndGet(total);
        cachedTokens.addAndGet(cached);
        ObjectNode answer = Behavior.completion(call, "cached answer", null);
        ObjectNode usage = (ObjectNode) answer.path("usage");
        usage.put("prompt_tokens", total).put("total_tokens", total + usage.path("completion_tokens").asInt());
        usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
        Behavior.json(call.request().response(), 200, answer);
    }

    /** Prompt tokens charged so far. */
    public long promptTokens() {
        return promptTokens.get();
    }

    /** Of those, the ones served from the cache. */
    public long cachedTokens() {
        return cachedTokens.get();
    }
}
