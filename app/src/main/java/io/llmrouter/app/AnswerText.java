package io.llmrouter.app;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The text of an answer body as the caller got it: OpenAI's {@code choices[].message.content} (or legacy
 * {@code choices[].text}), the Responses API's {@code output[].content}, Anthropic's text blocks.
 */
final class AnswerText {

    private AnswerText() {
    }

    /** @return the text, or null for a body with none (embeddings, a routing decision, an error) */
    static String of(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        boolean found = false;
        for (JsonNode choice : body.path("choices")) {
            found |= append(sb, choice.path("message").path("content"));
            found |= append(sb, choice.path("text"));
        }
        for (JsonNode item : body.path("output")) {
            found |= append(sb, item.path("content"));
        }
        if (body.path("content").isArray()) {
            found |= append(sb, body.path("content"));
        }
        return found ? sb.toString() : null;
    }

    /** A content string, or the text of an array of parts or blocks. */
    private static boolean append(StringBuilder sb, JsonNode content) {
        if (content.isTextual()) {
            sb.append(content.asText());
            return true;
        }
        boolean found = false;
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                sb.append(part.path("text").asText());
                found = true;
            }
        }
        return found;
    }
}
