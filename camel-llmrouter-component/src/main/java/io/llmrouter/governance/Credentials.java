package io.llmrouter.governance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;

/** Where callers put their key: {@code Authorization: Bearer} (OpenAI's SDKs) or {@code x-api-key} (Anthropic's). */
public final class Credentials {

    public static final String AUTHORIZATION = "Authorization";
    public static final String API_KEY = "x-api-key";

    private Credentials() {
    }

    /** The secret presented, or null. */
    public static String secret(Function<String, String> header) {
        String auth = header.apply(AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String s = auth.substring(7).strip();
            if (!s.isEmpty()) {
                return s;
            }
        }
        String key = header.apply(API_KEY);
        return key == null || key.isBlank() ? null : key.strip();
    }

    /** Whether {@code presented} is {@code expected}, in a time that does not depend on where they differ. */
    public static boolean matches(String presented, String expected) {
        if (presented == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(KeyMaterial.hash(presented).getBytes(StandardCharsets.US_ASCII),
                KeyMaterial.hash(expected).getBytes(StandardCharsets.US_ASCII));
    }
}
