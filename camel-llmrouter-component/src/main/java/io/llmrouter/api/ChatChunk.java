package io.llmrouter.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One {@code chat.completion.chunk} of a streamed completion. */
public final class ChatChunk extends Extensible {

    public String id;
    public String object = "chat.completion.chunk";
    public long created;
    public String model;
    public List<Choice> choices;
    public Usage usage;
    public String systemFingerprint;

    /** The upstream's own Responses API event, when a Responses stream is served natively; never serialized. */
    @JsonIgnore
    public transient ObjectNode responsesEvent;

    /** True for the usage-only chunk OpenAI sends last when {@code include_usage} is set. */
    public boolean usageOnly() {
        return usage != null && (choices == null || choices.isEmpty());
    }

    public static final class Choice extends Extensible {
        public int index;
        public ChatMessage delta;
        public String finishReason;
        public JsonNode logprobs;
    }
}
