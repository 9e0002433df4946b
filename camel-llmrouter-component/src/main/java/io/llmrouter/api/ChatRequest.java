package io.llmrouter.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A chat completion request in OpenAI's Chat Completions schema, the router's lingua franca. Fields the router does not
 * declare are kept in {@link #extra()} and sent on unchanged.
 */
public final class ChatRequest extends Extensible {

    public String model;
    public List<ChatMessage> messages;
    public List<Tool> tools;
    public JsonNode toolChoice;
    public Boolean parallelToolCalls;
    public ResponseFormat responseFormat;
    public Double temperature;
    public Double topP;
    public Integer maxTokens;
    public Integer maxCompletionTokens;
    public JsonNode stop;
    public Integer n;
    public Long seed;
    public String user;
    public Boolean stream;
    public StreamOptions streamOptions;

    /** OpenRouter's form of per-request fallbacks: the models to try, in order. Never sent upstream. */
    public List<String> models;
    /** LiteLLM's form of per-request fallbacks: models tried after {@link #model}. Never sent upstream. */
    public List<String> fallbacks;

    /**
     * The caller's Responses API body (earlier turns expanded into its input, no model), for an upstream that serves
     * that API natively; null for every other request. Never serialized, not copied.
     */
    @JsonIgnore
    public transient ObjectNode responsesBody;

    /** A deep copy, unknown fields included: for a request changed on its way to a second provider. */
    public ChatRequest copy() {
        return Json.MAPPER.convertValue(this, ChatRequest.class);
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean wantsUsageInStream() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage);
    }

    /** Whether asking again should give the same answer: temperature 0, or a seed. */
    public boolean deterministic() {
        return temperature != null && temperature == 0 || seed != null;
    }

    public boolean hasTools() {
        return tools != null && !tools.isEmpty();
    }

    public boolean hasImages() {
        if (messages == null) {
            return false;
        }
        for (ChatMessage m : messages) {
            if (m.content != null && m.content.hasImages()) {
                return true;
            }
        }
        return false;
    }

    /** The output tokens the caller asked for at most, or null. */
    public Integer requestedMaxOutput() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    /** The models named in the body, in the order they should be tried: model, then models or fallbacks. */
    public List<String> requestedModels() {
        Set<String> names = new LinkedHashSet<>();
        if (model != null) {
            names.add(model);
        }
        for (List<String> more : List.of(models == null ? List.<String>of() : models,
                fallbacks == null ? List.<String>of() : fallbacks)) {
            for (String name : more) {
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return new ArrayList<>(names);
    }

    /** A shallow copy for one upstream attempt: the router-only fields are dropped, the model renamed. */
    public ChatRequest forUpstream(String upstreamModel) {
        ChatRequest copy = new ChatRequest();
        copy.model = upstreamModel;
        copy.messages = messages;
        copy.tools = tools;
        copy.toolChoice = toolChoice;
        copy.parallelToolCalls = parallelToolCalls;
        copy.responseFormat = responseFormat;
        copy.temperature = temperature;
        copy.topP = topP;
        copy.maxTokens = maxTokens;
        copy.maxCompletionTokens = maxCompletionTokens;
        copy.stop = stop;
        copy.n = n;
        copy.seed = seed;
        copy.user = user;
        copy.stream = stream;
        copy.streamOptions = streamOptions;
        extra().forEach(copy::extra);
        copy.removeExtra("router");
        return copy;
    }
}
