package io.llmrouter.api;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool the model may call; only {@code function} tools are defined by the Chat Completions API. */
public final class Tool extends Extensible {

    public String type;
    public Function function;

    public static final class Function extends Extensible {
        public String name;
        public String description;
        public JsonNode parameters;
        public Boolean strict;
    }
}
