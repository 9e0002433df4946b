package io.llmrouter.provider.gemini;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.Tool;
import io.llmrouter.api.ToolCall;
import io.llmrouter.provider.ContentBlocks;
import io.llmrouter.provider.StopSequences;

/**
 * The body of {@code generateContent} for a canonical request. Gemini differs from OpenAI in ways that matter here:
 * the assistant is the {@code model} role, system prompts go to {@code systemInstruction}, tool results are
 * {@code functionResponse} parts that name the function (not the call id, so the name is found from the earlier
 * assistant turn), the answers to parallel calls must share one turn (so consecutive same-role turns are merged),
 * and sampling options live in {@code generationConfig}.
 */
final class GenerateContentBody {

    private GenerateContentBody() {
    }

    static ObjectNode of(ChatRequest r) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode contents = body.putArray("contents");
        ArrayNode system = Json.MAPPER.createArrayNode();
        Map<String, String> callNames = new HashMap<>();
        for (ChatMessage m : r.messages) {
            switch (m.role) {
                case "system", "developer" -> {
                    if (m.content != null && !m.content.asText().isEmpty()) {
                        system.addObject().put("text", m.content.asText());
                    }
                }
                case "assistant" -> append(contents, "model", modelParts(m, callNames));
                case "tool", "function" -> append(contents, "user", functionResponse(m, callNames));
                default -> append(contents, "user", parts(m.content));
            }
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        if (r.hasTools()) {
            tools(body, r);
        }
        ObjectNode config = generationConfig(r);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    /** Adds a turn, merged into the previous one when it has the same role. */
    private static void append(ArrayNode contents, String role, ArrayNode parts) {
        if (parts.isEmpty()) {
            return;
        }
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("parts")).addAll(parts);
        } else {
            contents.addObject().put("role", role).set("parts", parts);
        }
    }

    private static ArrayNode modelParts(ChatMessage m, Map<String, String> callNames) {
        ArrayNode parts = parts(m.content);
        if (m.toolCalls != null) {
            for (ToolCall call : m.toolCalls) {
                String name = call.function == null ? null : call.function.name;
                if (call.id != null) {
                    // a later call with the same id (ids restart at call_1 each turn) is the one answered next
                    callNames.put(call.id, name);
                }
                ObjectNode fc = parts.addObject().putObject("functionCall").put("name", name);
                fc.set("args", call.argumentsObject("Gemini"));
            }
        }
        return parts;
    }


    private static ArrayNode functionResponse(ChatMessage m, Map<String, String> callNames) {
        String name = m.role.equals("function") ? m.name : callNames.get(m.toolCallId);
        if (name == null) {
            throw LlmException.invalid("messages", "The tool message for tool_call_id '" + m.toolCallId
                    + "' answers no tool call of an earlier assistant message; Gemini needs the function's name.");
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        ObjectNode fr = parts.addObject().putObject("functionResponse").put("name", name);
        fr.set("response", response(m.content == null ? "" : m.content.asText()));
        return parts;
    }

    /** A JSON object result as it is; anything else under {@code output}, the key Gemini's reference names. */
    private static JsonNode response(String text) {
        try {
            JsonNode json = Json.MAPPER.readTree(text);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (Exception e) {
            // not JSON: sent as text
        }
        return Json.MAPPER.createObjectNode().put("output", text);
    }

    private static ArrayNode parts(MessageContent content) {
        return ContentBlocks.of(content, "Gemini", text -> Json.MAPPER.createObjectNode().put("text", text),
                GenerateContentBody::image);
    }

    private static ObjectNode image(String url) {
        ObjectNode part = Json.MAPPER.createObjectNode();
        int comma = url.indexOf(',');
        if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
            part.putObject("inlineData").put("mimeType", url.substring(5, comma - ";base64".length()))
                    .put("data", url.substring(comma + 1));
        } else {
            part.putObject("fileData").put("mimeType", mimeType(url)).put("fileUri", url);
        }
        return part;
    }

    /** Gemini wants a MIME type for a file by URI; the extension is all there is to go on. */
    private static String mimeType(String url) {
        String path = url.toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "");
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".webp")) {
            return "image/webp";
        }
        if (path.endsWith(".gif")) {
            return "image/gif";
        }
        if (path.endsWith(".heic")) {
            return "image/heic";
        }
        return "image/jpeg";
    }

    private static void tools(ObjectNode body, ChatRequest r) {
        ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
        for (Tool t : r.tools) {
            ObjectNode f = declarations.addObject().put("name", t.function.name);
            if (t.function.description != null) {
                f.put("description", t.function.description);
            }
            if (!GeminiSchema.isEmptyObject(t.function.parameters)) {
                // Gemini rejects an object schema without properties: a function without parameters has none
                f.set("parameters", GeminiSchema.clean(t.function.parameters));
            }
        }
        JsonNode c = r.toolChoice;
        ObjectNode calling = null;
        if (c != null && c.isTextual()) {
            calling = Json.MAPPER.createObjectNode().put("mode", switch (c.asText()) {
                case "required" -> "ANY";
                case "none" -> "NONE";
                default -> "AUTO";
            });
        } else if (c != null && c.isObject() && c.path("function").hasNonNull("name")) {
            calling = Json.MAPPER.createObjectNode().put("mode", "ANY");
            calling.putArray("allowedFunctionNames").add(c.path("function").path("name").asText());
        }
        if (calling != null) {
            body.putObject("toolConfig").set("functionCallingConfig", calling);
        }
    }

    private static ObjectNode generationConfig(ChatRequest r) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        if (r.temperature != null) {
            config.put("temperature", r.temperature);
        }
        if (r.topP != null) {
            config.put("topP", r.topP);
        }
        if (r.requestedMaxOutput() != null) {
            config.put("maxOutputTokens", r.requestedMaxOutput());
        }
        StopSequences.put(config, "stopSequences", r.stop);
        if (r.n != null) {
            config.put("candidateCount", r.n);
        }
        if (r.seed != null) {
            config.put("seed", r.seed);
        }
        for (String[] penalty : new String[][] { { "presence_penalty", "presencePenalty" },
                { "frequency_penalty", "frequencyPenalty" } }) {
            if (r.extra().get(penalty[0]) instanceof Number n) {
                config.put(penalty[1], n.doubleValue());
            }
        }
        if (r.responseFormat != null && (r.responseFormat.wantsJsonObject() || r.responseFormat.wantsJsonSchema())) {
            config.put("responseMimeType", "application/json");
            JsonNode schema = r.responseFormat.jsonSchema == null ? null : r.responseFormat.jsonSchema.get("schema");
            if (r.responseFormat.wantsJsonSchema() && schema != null && schema.isObject()) {
                config.set("responseSchema", GeminiSchema.clean(schema));
            }
        }
        return config;
    }
}
