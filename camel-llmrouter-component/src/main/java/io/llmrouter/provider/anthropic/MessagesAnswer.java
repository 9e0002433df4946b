package io.llmrouter.provider.anthropic;


import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.AssistantAnswer;
import io.llmrouter.provider.WireJson;

/** A Messages API answer ({@code "type":"message"}) read into a canonical chat completion. */
final class MessagesAnswer {

    private MessagesAnswer() {
    }

    static ChatResponse read(Deployment d, byte[] body) {
        JsonNode root = WireJson.parse(body);
        if (root == null || !root.path("content").isArray()) {
            throw LlmException.of(ErrorKind.MALFORMED_RESPONSE,
                    "Upstream for '" + d.id() + "' sent a body that is not a Messages API answer");
        }
        AssistantAnswer answer = new AssistantAnswer();
        for (JsonNode block : root.get("content")) {
            switch (block.path("type").asText()) {
                case "text" -> answer.text(block.path("text").asText());
                case "tool_use" -> answer.toolUse(block.path("id").asText(), block.path("name").asText(),
                        block.path("input"));
                default -> {
                    // thinking and server-tool blocks have no Chat Completions counterpart
                }
            }
        }
        return answer.response(d, root.path("id").asText(null), root.path("stop_reason").asText(null),
                StopReasons::toFinishReason, UsageCounter.of(root.get("usage")));
    }
}
