package io.llmrouter.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error shape: {@code {"error":{"message","type","param","code"}}}. */
public record ErrorBody(Detail error) {

    public static ErrorBody of(String message, String type, String param, String code) {
        return new ErrorBody(new Detail(message, type, param, code));
    }

    /** param and code are always present, null when unknown, as OpenAI sends them. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String message, String type, String param, String code) {
    }
}
