package io.llmrouter.dialect.responses;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.Dialect;
import io.llmrouter.dialect.EventWriter;
import io.llmrouter.dialect.openai.OpenAiDialect;

/**
 * OpenAI's Responses API: requests read by {@link ResponsesRequestReader}, answers built by {@link ResponseObject},
 * streams written by {@link ResponsesEventWriter}, failures in OpenAI's error JSON. A stream's events carry the
 * response's id and request fields, so each streamed request has a dialect of its own ({@link #forResponse}); the
 * shared {@link #INSTANCE} writes errors (and streams under a fresh id).
 */
public final class ResponsesDialect implements Dialect {

    public static final ResponsesDialect INSTANCE = new ResponsesDialect(null, null, null);

    private final String id;
    private final ObjectNode echo;
    private final Consumer<ObjectNode> completed;

    private ResponsesDialect(String id, ObjectNode echo, Consumer<ObjectNode> completed) {
        this.id = id;
        this.echo = echo;
        this.completed = completed;
    }

    /**
     * @param id        the response's id
     * @param echo      the request fields the response repeats
     * @param completed told the complete response once the stream has ended well (to store it)
     */
    public static ResponsesDialect forResponse(String id, ObjectNode echo, Consumer<ObjectNode> completed) {
        return new ResponsesDialect(id, echo, completed);
    }

    @Override
    public int status(LlmException failure) {
        return OpenAiDialect.INSTANCE.status(failure);
    }

    @Override
    public byte[] errorBody(LlmException failure) {
        return OpenAiDialect.INSTANCE.errorBody(failure);
    }

    @Override
    public EventWriter events() {
        ObjectNode skeleton = ResponseObject.skeleton(id != null ? id : ResponseObject.newId(),
                System.currentTimeMillis() / 1000, null, echo != null ? echo : Json.MAPPER.createObjectNode(),
                "in_progress");
        return new ResponsesEventWriter(skeleton, completed != null ? completed : r -> { });
    }

    @Override
    public String toString() {
        return "responses";
    }
}
