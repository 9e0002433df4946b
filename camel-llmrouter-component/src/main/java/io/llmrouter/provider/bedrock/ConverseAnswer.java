package io.llmrouter.provider.bedrock;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.AssistantAnswer;
import io.llmrouter.provider.WireJson;

/** A Converse answer ({@code output.message}, {@code stopReason}, {@code usage}) read into a canonical completion. */
final class ConverseAnswer {

    private ConverseAnswer() {
    }

    /** @param requestId Bedrock's x-amzn-RequestId, the completion's id (Converse answers carry none of their own) */
    static ChatResponse read(Deployment d, String requestId, byte[] body) {
        JsonNode root = WireJson.parse(body);
        JsonNode content = root == null ? null : root.path("output").path("message").path("content");
        if (content == null || !content.isArray()) {
            throw LlmException.of(ErrorKind.MALFORMED_RESPONSE,
                    "Upstream for '" + d.id() + "' sent a body that is not a Converse answer");
        }
        AssistantAnswer answer = new AssistantAnswer();
        for (JsonNode block : content) {
            if (block.has("text")) {
                answer.text(block.path("text").asText());
            } else if (block.has("toolUse")) {
                JsonNode use = block.get("toolUse");
                answer.toolUse(use.path("toolUseId").asText(), use.path("name").asText(), use.path("input"));
            }
            // reasoningContent and other blocks have no Chat Completions counterpart
        }
        return answer.response(d, completionId(requestId), root.path("stopReason").asText(null),
                StopReasons::toFinishReason, usage(root.get("usage")));
    }

    static String completionId(String requestId) {
        return "chatcmpl-" + (requestId != null && !requestId.isBlank() ? requestId : UUID.randomUUID().toString());
    }

    /**
     * Bedrock's usage read into OpenAI's. Like Anthropic, Bedrock counts cache reads and writes apart from
     * {@code inputTokens}; OpenAI's {@code prompt_tokens} holds them all, the reads also in {@code cached_tokens}.
     */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        int cacheRead = usage.path("cacheReadInputTokens").asInt(0);
        int cacheWrite = usage.path("cacheWriteInputTokens").asInt(0);
        Usage u = Usage.of(usage.path("inputTokens").asInt(0) + cacheRead + cacheWrite,
                usage.path("outputTokens").asInt(0));
        if (usage.hasNonNull("cacheReadInputTokens")) {
            u.promptTokensDetails = new Usage.TokenDetails();
            u.promptTokensDetails.cachedTokens = cacheRead;
        }
        return u;
    }
}
