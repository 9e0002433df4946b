package io.llmrouter.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Usage;

/**
 * Gemini's {@code usageMetadata} as OpenAI's usage. {@code promptTokenCount} already includes the cached tokens
 * ({@code cachedContentTokenCount}), as OpenAI's prompt_tokens does; thinking tokens are billed as output, so they
 * count as completion tokens.
 */
final class GeminiUsage {

    private GeminiUsage() {
    }

    static Usage of(JsonNode meta) {
        if (meta == null || !meta.isObject()) {
            return null;
        }
        int prompt = meta.path("promptTokenCount").asInt();
        int completion = meta.path("candidatesTokenCount").asInt() + meta.path("thoughtsTokenCount").asInt();
        Usage u = Usage.of(prompt, completion);
        if (meta.path("totalTokenCount").asInt() > u.totalTokens) {
            // tool-use prompt tokens are in the total only
            u.totalTokens = meta.path("totalTokenCount").asInt();
        }
        if (meta.has("cachedContentTokenCount")) {
            u.promptTokensDetails = new Usage.TokenDetails();
            u.promptTokensDetails.cachedTokens = meta.path("cachedContentTokenCount").asInt();
        }
        return u;
    }
}
