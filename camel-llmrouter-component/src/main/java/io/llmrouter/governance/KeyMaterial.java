package io.llmrouter.governance;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import io.llmrouter.api.Sha256;

/**
 * Virtual key secrets: made from 240 random bits, so a fast hash is enough to store them (there is nothing to guess
 * as there would be in a password), and compared by hash, which takes the same time whatever the secret.
 */
public final class KeyMaterial {

    public static final String PREFIX = "sk-llmr-";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 30 random bytes in URL-safe base64. */
    private static final int SECRET_CHARS = 40;

    private KeyMaterial() {
    }

    /** A new secret, shown to its owner once. */
    public static String newSecret() {
        return PREFIX + token(30);
    }

    /** Whether a secret could be one of ours: anything else is refused without looking it up. */
    public static boolean wellFormed(String secret) {
        if (secret.length() != PREFIX.length() + SECRET_CHARS || !secret.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** A new key id: not secret, it names the key in the admin API, logs and spend reports. */
    public static String newId() {
        return "key-" + token(9).replace('_', 'x').replace('-', 'x');
    }

    public static String hash(String secret) {
        return Sha256.hex(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** What may be shown of a secret: its prefix and last four characters. */
    public static String hint(String secret) {
        return PREFIX + "..." + secret.substring(Math.max(0, secret.length() - 4));
    }

    private static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
