package io.llmrouter.dialect.completions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.Json;
import io.llmrouter.api.Usage;

/** A chat answer in the legacy {@code text_completion} shape: each choice's text, no logprobs. */
public final class TextCompletion {

    private TextCompletion() {
    }

    public static byte[] bytes(ChatResponse answer) {
        ObjectNode r = head(answer.id, answer.created, answer.model);
        ArrayNode choices = r.putArray("choices");
        if (answer.choices != null) {
            for (ChatResponse.Choice c : answer.choices) {
                String text = c.message == null || c.message.content == null ? "" : c.message.content.asText();
                choice(choices, c.index, text, c.finishReason);
            }
        }
        r.set("usage", usage(answer.usage));
        return Json.bytes(r);
    }

    /** One stream chunk; a usage-only chunk keeps its empty choices, as OpenAI sends it. */
    static ObjectNode chunk(ChatChunk chunk) {
        ObjectNode r = head(chunk.id, chunk.created, chunk.model);
        ArrayNode choices = r.putArray("choices");
        if (chunk.choices != null) {
            for (ChatChunk.Choice c : chunk.choices) {
                String text = c.delta == null || c.delta.content == null ? "" : c.delta.content.asText();
                choice(choices, c.index, text, c.finishReason);
            }
        }
        if (chunk.usage != null) {
            r.set("usage", usage(chunk.usage));
        }
        return r;
    }

    private static ObjectNode head(String id, long created, String model) {
        String cmpl = id == null ? null : id.startsWith("chatcmpl-") ? "cmpl-" + id.substring(9) : id;
        return Json.MAPPER.createObjectNode().put("id", cmpl).put("object", "text_completion").put("created", created)
                .put("model", model);
    }

    private static void choice(ArrayNode choices, int index, String text, String finishReason) {
        ObjectNode c = choices.addObject().put("text", text).put("index", index);
        c.putNull("logprobs");
        c.put("finish_reason", finishReason);
    }

    private static ObjectNode usage(Usage u) {
        if (u == null) {
            return null;
        }
        return Json.MAPPER.createObjectNode().put("prompt_tokens", u.promptTokens)
                .put("completion_tokens", u.completionTokens)
                .put("total_tokens", u.totalTokens > 0 ? u.totalTokens : u.promptTokens + u.completionTokens);
    }
}
