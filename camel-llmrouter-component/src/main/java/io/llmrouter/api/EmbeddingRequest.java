package io.llmrouter.api;

import com.fasterxml.jackson.databind.JsonNode;

/** An embeddings request: {@code input} is a string, an array of strings, or token arrays. */
public final class EmbeddingRequest extends Extensible {

    public String model;
    public JsonNode input;
    public String encodingFormat;
    public Integer dimensions;
    public String user;

    public EmbeddingRequest forUpstream(String upstreamModel) {
        EmbeddingRequest copy = new EmbeddingRequest();
        copy.model = upstreamModel;
        copy.input = input;
        copy.encodingFormat = encodingFormat;
        copy.dimensions = dimensions;
        copy.user = user;
        extra().forEach(copy::extra);
        return copy;
    }
}
