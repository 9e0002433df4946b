package io.llmrouter.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Usage;

/**
 * Anthropic's usage read into OpenAI's. Anthropic counts cache reads and cache writes apart from {@code input_tokens};
 * OpenAI's {@code prompt_tokens} holds them all, with the reads in {@code prompt_tokens_details.cached_tokens}. A stream
 * reports usage twice (message_start, then cumulative counts in message_delta): later fields replace earlier ones.
 */
final class UsageCounter {

    private int input;
    private int output;
    private int cacheRead;
    private int cacheCreation;
    private boolean sawCacheRead;

    void add(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        input = field(usage, "input_tokens", input);
        output = field(usage, "output_tokens", output);
        cacheCreation = field(usage, "cache_creation_input_tokens", cacheCreation);
        if (usage.hasNonNull("cache_read_input_tokens")) {
            sawCacheRead = true;
            cacheRead = usage.get("cache_read_input_tokens").asInt();
        }
    }

    Usage toUsage() {
        Usage u = Usage.of(input + cacheRead + cacheCreation, output);
        if (sawCacheRead) {
            u.promptTokensDetails = new Usage.TokenDetails();
            u.promptTokensDetails.cachedTokens = cacheRead;
        }
        return u;
    }

    static Usage of(JsonNode usage) {
        UsageCounter c = new UsageCounter();
        c.add(usage);
        return c.toUsage();
    }

    private static int field(JsonNode usage, String name, int previous) {
        JsonNode v = usage.get(name);
        return v == null || v.isNull() ? previous : v.asInt();
    }
}
