package io.llmrouter.dialect.completions;

import java.util.ArrayList;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.openai.OpenAiFields;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.api.StreamOptions;

/**
 * Reads a legacy {@code POST /v1/completions} body into a chat request whose one user message is the prompt, so every
 * provider serves it. What has no chat counterpart (suffix, echo, logprobs, best_of above 1, several prompts) is a 400
 * naming it rather than silently ignored.
 */
public final class CompletionsRequestReader {

    /** Sampling fields passed on as they are (OpenAI-compatible upstreams take them on chat too). */
    private static final Set<String> PASSED_ON = Set.of("presence_penalty", "frequency_penalty", "logit_bias");

    private CompletionsRequestReader() {
    }

    public static ChatRequest read(byte[] body) {
        JsonNode root = RequestCodec.readObject(body);
        refuse(root, "suffix", !root.path("suffix").asText("").isEmpty());
        refuse(root, "echo", root.path("echo").asBoolean(false));
        refuse(root, "logprobs", root.hasNonNull("logprobs"));
        refuse(root, "best_of", root.hasNonNull("best_of") && root.get("best_of").asInt(1) != 1);
        ChatRequest r = new ChatRequest();
        JsonNode model = root.get("model");
        if (model != null && !model.isNull()) {
            if (!model.isTextual()) {
                throw LlmException.invalid("model", "Invalid type for 'model': expected a string.");
            }
            r.model = model.asText();
        }
        r.messages = new ArrayList<>();
        r.messages.add(ChatMessage.of("user", prompt(root.get("prompt"))));
        r.maxTokens = OpenAiFields.integer(root, "max_tokens");
        r.temperature = OpenAiFields.number(root, "temperature");
        r.topP = OpenAiFields.number(root, "top_p");
        r.n = OpenAiFields.integer(root, "n");
        r.seed = root.hasNonNull("seed") ? (long) OpenAiFields.integer(root, "seed") : null;
        r.stop = root.get("stop") == null || root.get("stop").isNull() ? null : root.get("stop");
        JsonNode user = root.get("user");
        r.user = user != null && user.isTextual() ? user.asText() : null;
        JsonNode stream = root.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw LlmException.invalid("stream", "Invalid type for 'stream': expected a boolean.");
        }
        if (stream != null && stream.asBoolean()) {
            r.stream = true;
            if (root.path("stream_options").path("include_usage").asBoolean(false)) {
                r.streamOptions = StreamOptions.withUsage();
            }
        }
        for (String field : PASSED_ON) {
            if (root.hasNonNull(field)) {
                r.extra(field, root.get(field));
            }
        }
        return RequestCodec.validate(r);
    }

    /** One prompt: a string, or an array holding one string. */
    private static String prompt(JsonNode prompt) {
        if (prompt == null || prompt.isNull()) {
            throw LlmException.invalid("prompt", "Missing required parameter: 'prompt'.");
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        if (prompt.isArray() && prompt.size() > 1) {
            throw LlmException.invalid("prompt", "Invalid 'prompt': the router takes one prompt per request, got "
                    + prompt.size() + ".");
        }
        if (!prompt.isTextual()) {
            throw LlmException.invalid("prompt", "Invalid type for 'prompt': expected a string (token arrays are "
                    + "not supported).");
        }
        if (prompt.asText().isEmpty()) {
            throw LlmException.invalid("prompt", "Invalid 'prompt': the prompt is empty.");
        }
        return prompt.asText();
    }

    private static void refuse(JsonNode root, String field, boolean present) {
        if (present) {
            throw LlmException.invalid(field, "'" + field + "' is not supported by the router: legacy completions "
                    + "are served by chat models.");
        }
    }
}
