package io.llmrouter.camel;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;

/** The form a message body came in, so the answer can go back in the same form. */
enum BodyForm {
    /** {@link ChatRequest} in, {@link ChatResponse} out. */
    CANONICAL,
    /** OpenAI JSON as a String in and out. */
    JSON_STRING,
    /** OpenAI JSON as bytes in and out. */
    BYTES,
    /** OpenAI JSON as an InputStream in and out. */
    STREAM,
    /** A plain prompt String in, the answer's text out. */
    PROMPT;

    static BodyForm of(Object body) {
        if (body instanceof ChatRequest) {
            return CANONICAL;
        }
        if (body instanceof byte[]) {
            return BYTES;
        }
        if (body instanceof InputStream) {
            return STREAM;
        }
        if (body instanceof String s) {
            return s.stripLeading().startsWith("{") ? JSON_STRING : PROMPT;
        }
        throw LlmException.invalid(null, "llm:chat cannot read a body of type "
                + (body == null ? "null" : body.getClass().getName())
                + ": send an io.llmrouter.api.ChatRequest, OpenAI JSON (String, byte[], InputStream) or a prompt String");
    }

    ChatRequest read(Object body) {
        return switch (this) {
            case CANONICAL -> RequestCodec.validate((ChatRequest) body);
            case BYTES -> RequestCodec.readChat((byte[]) body);
            case STREAM -> RequestCodec.readChat((InputStream) body);
            case JSON_STRING -> RequestCodec.readChat((String) body);
            case PROMPT -> prompt((String) body);
        };
    }

    Object write(ChatResponse response) {
        return switch (this) {
            case CANONICAL -> response;
            case BYTES -> Json.bytes(response);
            case STREAM -> new ByteArrayInputStream(Json.bytes(response));
            case JSON_STRING -> Json.string(response);
            case PROMPT -> response.firstText() != null ? response.firstText() : Json.string(response.choices.get(0).message);
        };
    }

    private static ChatRequest prompt(String text) {
        if (text.isBlank()) {
            throw LlmException.invalid("messages", "The prompt is empty.");
        }
        ChatRequest r = new ChatRequest();
        r.messages = new java.util.ArrayList<>();
        r.messages.add(ChatMessage.of("user", text));
        return r;
    }

}
