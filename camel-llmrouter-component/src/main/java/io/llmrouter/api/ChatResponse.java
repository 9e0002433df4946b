package io.llmrouter.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A complete (non-streamed) chat completion. */
public final class ChatResponse extends Extensible {

    public String id;
    public String object = "chat.completion";
    public long created;
    public String model;
    public List<Choice> choices;
    public Usage usage;
    public String systemFingerprint;

    /** The upstream's own Responses API object, when a Responses request was served natively; never serialized. */
    @JsonIgnore
    public transient ObjectNode responsesObject;

    /** The text of the first choice, or null when it has none (a tool call). */
    public String firstText() {
        if (choices == null || choices.isEmpty() || choices.get(0).message == null
                || choices.get(0).message.content == null) {
            return null;
        }
        return choices.get(0).message.content.asText();
    }

    public static final class Choice extends Extensible {
        public int index;
        public ChatMessage message;
        public String finishReason;
        public JsonNode logprobs;
    }
}
