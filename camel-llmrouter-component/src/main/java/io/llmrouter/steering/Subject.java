package io.llmrouter.steering;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.llmrouter.api.Sha256;

/**
 * Who a weighted split assigns: a stable identity of the caller, so the same user or session always lands on the same
 * arm. Only its kind and a digest of its value are ever shown: a user id or session id may be personal data.
 *
 * @param kind  where it came from: {@code key}, {@code user} or {@code header:<name>}
 * @param value the identity itself; never logged or returned
 */
public record Subject(String kind, String value) {

    /** Sources tried in order when the endpoint names none: the body's user, a session header, the virtual key. */
    public static final List<String> DEFAULT_ORDER = List.of("user", "header:x-session-id", "key");

    public static final String KEY = "key";
    public static final String USER = "user";
    public static final String HEADER = "header:";

    /**
     * Checks a list of sources, as the endpoint option {@code stickyBy} gives them.
     *
     * @throws IllegalArgumentException naming the bad source
     */
    public static List<String> order(List<String> sources) {
        for (String s : sources) {
            if (!s.equals(KEY) && !s.equals(USER) && !(s.startsWith(HEADER) && s.length() > HEADER.length())) {
                throw new IllegalArgumentException("option stickyBy: unknown subject source '" + s
                        + "'; use key, user or header:<name>, e.g. stickyBy=user,header:x-session-id");
            }
        }
        return List.copyOf(sources);
    }

    /**
     * The first source in the order that the request gives, or null.
     *
     * @param headers the request's headers (any case)
     * @param user    the body's {@code user}, or null
     * @param keyId   the caller's virtual key id, or null
     */
    public static Subject find(List<String> order, Map<String, ?> headers, String user, String keyId) {
        for (String source : order) {
            String value = switch (source) {
                case KEY -> keyId;
                case USER -> user;
                default -> header(headers, source.substring(HEADER.length()));
            };
            if (value != null && !value.isBlank()) {
                return new Subject(source, value);
            }
        }
        return null;
    }

    private static String header(Map<String, ?> headers, String name) {
        for (Map.Entry<String, ?> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name) && h.getValue() != null) {
                return h.getValue().toString();
            }
        }
        return null;
    }

    /** The first 12 hex digits of the value's SHA-256: enough to tell subjects apart in logs, not to recover one. */
    public String digest() {
        return Sha256.hex(value, 6);
    }

    /** The decision header's value: the arm, and by whom, e.g. {@code model-b; by=user; subject=3fa2c1d09b7e}. */
    public String assignment(String arm) {
        return arm + "; by=" + kind.toLowerCase(Locale.ROOT) + "; subject=" + digest();
    }

    @Override
    public String toString() {
        return "Subject[" + kind + ", " + digest() + "]";
    }
}
