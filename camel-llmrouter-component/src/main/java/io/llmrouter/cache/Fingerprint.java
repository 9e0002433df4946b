package io.llmrouter.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Sha256;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Json;

/**
 * What identifies a request's answer. {@code exact} is the SHA-256 of the normalised request: where it may go (the
 * endpoint's fixed model or candidates and the models the body names), the messages, tools, response format and every
 * parameter that changes the answer, but not {@code stream}, {@code stream_options}, {@code user} or {@code metadata}.
 * {@code context} is the same hash without the last user message, and {@code prompt} that message's text: a semantic
 * lookup compares prompts only among entries whose context is exactly the same (same model, system prompt, history,
 * tools and parameters), so a similar question never gets an answer given under other instructions.
 */
public record Fingerprint(String exact, String context, String prompt) {

    /** Body fields that do not change the answer, or that are the router's own. */
    private static final Set<String> IGNORED = Set.of("user", "metadata", "stream", "stream_options", "router",
            "cache", "store");
    /** A Responses body's fields the messages carry already, or that are the router's own. */
    private static final Set<String> RESPONSES_IGNORED = Set.of("input", "instructions", "previous_response_id",
            "model", "models", "fallbacks");

    public static Fingerprint of(ChatRequest request, String target) {
        List<ChatMessage> messages = request.messages == null ? List.of() : request.messages;
        int last = -1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role)) {
                last = i;
                break;
            }
        }
        String prompt = last < 0 || messages.get(last).content == null ? "" : messages.get(last).content.asText();
        List<ChatMessage> rest = new ArrayList<>(messages);
        if (last >= 0) {
            rest.set(last, ChatMessage.of("user", ""));
        }
        return new Fingerprint(Sha256.hex(normalised(request, target, messages)),
                Sha256.hex(normalised(request, target, rest)), prompt);
    }

    private static byte[] normalised(ChatRequest request, String target, List<ChatMessage> messages) {
        ObjectNode tree = Json.MAPPER.valueToTree(request);
        tree.put("model", target);
        tree.remove("models");
        tree.remove("fallbacks");
        tree.set("messages", Json.MAPPER.valueToTree(messages));
        IGNORED.forEach(tree::remove);
        if (request.responsesBody != null) {
            // a Responses request sent natively also changes its answer with fields chat has no words for
            // (reasoning, include, truncation, text.verbosity): its input is in the messages already
            ObjectNode options = request.responsesBody.deepCopy();
            RESPONSES_IGNORED.forEach(options::remove);
            IGNORED.forEach(options::remove);
            tree.set("responses", options);
        }
        Map<String, Object> sorted = new TreeMap<>(Json.MAPPER.convertValue(tree, Map.class));
        return Json.bytes(sorted);
    }

    /** For the target: a string naming where the request may go, from the endpoint's and the body's models. */
    public static String target(String fixedModel, List<String> candidates, List<String> requested) {
        if (fixedModel != null) {
            return fixedModel;
        }
        return String.join(",", requested.isEmpty() ? candidates : requested)
               + (requested.isEmpty() ? "" : "|" + String.join(",", candidates));
    }

    @Override
    public String toString() {
        return exact; // never the prompt: fingerprints may be logged
    }
}
