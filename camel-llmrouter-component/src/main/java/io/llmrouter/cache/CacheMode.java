package io.llmrouter.cache;

import java.util.Locale;

import io.llmrouter.api.LlmException;

/** Whether and how a request's answer is looked up and kept: not at all, by exact request, or by similar prompt. */
public enum CacheMode {
    OFF, EXACT, SEMANTIC;

    /** @param param what the caller wrote it in, named in the 400 for a value that is none of these */
    public static CacheMode parse(String value, String param) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "exact" -> EXACT;
            case "semantic" -> SEMANTIC;
            default -> throw LlmException.invalid(param, param + " must be exact, semantic or off, not '" + value
                    + "'.");
        };
    }
}
