package io.llmrouter.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** An embeddings response; each vector is kept as the JSON it came in (floats or base64). */
public final class EmbeddingResponse extends Extensible {

    public String object = "list";
    public List<Embedding> data;
    public String model;
    public Usage usage;

    public static final class Embedding extends Extensible {
        public String object = "embedding";
        public int index;
        public JsonNode embedding;
    }
}
