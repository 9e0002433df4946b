package io.llmrouter.dialect.responses;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.RequestCodec;

/**
 * A Responses API request, read: the canonical request without its messages (they depend on the previous response,
 * which is looked up later), the caller's input items, and what the answer echoes.
 *
 * @param chat               model, tools, format and sampling settings; messages come from {@link #toChat}
 * @param input              this request's input items
 * @param instructions       a system message for this request only (a previous response's are not carried over)
 * @param previousResponseId the stored response this one continues, or null
 * @param store              whether to keep the response
 * @param echo               request fields the response object repeats (tools, text, metadata, ...)
 * @param router             the router's own {@code router} object, or null
 * @param body               the body as it came
 */
public record ResponsesRequest(ChatRequest chat, ArrayNode input, String instructions, String previousResponseId,
                               boolean store, ObjectNode echo, Object router, ObjectNode body) {

    /** The canonical request for a conversation: the instructions, then the items as messages. */
    public ChatRequest toChat(ArrayNode conversation) {
        ChatRequest r = chat.copy();
        r.messages = new ArrayList<>();
        if (instructions != null) {
            r.messages.add(ChatMessage.of("system", instructions));
        }
        r.messages.addAll(InputItems.messages(conversation));
        RequestCodec.validate(r);
        r.responsesBody = nativeBody(conversation);
        return r;
    }

    /**
     * The body for an upstream that serves the Responses API itself: as it came, with the whole conversation as its
     * input instead of a previous response the upstream never stored; the router's own fields, the model and the
     * stream flag are left to the attempt.
     */
    private ObjectNode nativeBody(ArrayNode conversation) {
        ObjectNode wire = body.deepCopy();
        wire.remove(List.of("model", "models", "fallbacks", "previous_response_id", "router", "stream", "store"));
        wire.set("input", InputItems.forUpstream(conversation));
        return wire;
    }
}
