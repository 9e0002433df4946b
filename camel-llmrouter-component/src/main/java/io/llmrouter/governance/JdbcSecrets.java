package io.llmrouter.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a store's password out of what it shows: the password it was given and those its JDBC URL carries, as a
 * parameter ({@code ?password=}, {@code ;PASSWORD=}, {@code sslpassword=}) or as {@code user:password@}. Drivers and
 * pools put URLs into their exceptions, so a failure to open is shown through {@link #scrubbed}.
 */
final class JdbcSecrets {

    private static final String MASK = "****";
    private static final Pattern PARAMETER = Pattern.compile("(?i)(password=)([^&;#\\s]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?;\\s]*:)([^@/?;\\s]*)(@)");

    private final List<String> secrets = new ArrayList<>();

    JdbcSecrets(String jdbcUrl, String password) {
        add(password);
        if (jdbcUrl != null) {
            for (Pattern pattern : List.of(PARAMETER, USER_INFO)) {
                Matcher m = pattern.matcher(jdbcUrl);
                while (m.find()) {
                    add(m.group(2));
                }
            }
        }
    }

    /**
     * Whether the URL carries a password as {@code user:password@}, which neither H2's nor PostgreSQL's driver reads
     * and the pool would log at debug level.
     */
    static boolean inUserInfo(String jdbcUrl) {
        return jdbcUrl != null && USER_INFO.matcher(jdbcUrl).find();
    }

    private void add(String secret) {
        if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
        }
    }

    /** The text with every URL password part and every secret masked. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(PARAMETER.matcher(text).replaceAll("$1" + MASK)).replaceAll("$1" + MASK + "$3");
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /**
     * An exception saying {@code message} caused by {@code cause}: the cause itself when none of its messages holds a
     * secret, else a copy of its chain with scrubbed messages and the original classes' names and stack traces.
     */
    IllegalStateException scrubbed(String message, Throwable cause) {
        return new IllegalStateException(scrub(message), holdsSecret(cause) ? copy(cause) : cause);
    }

    private boolean holdsSecret(Throwable t) {
        for (int depth = 0; t != null && depth < 32; t = t.getCause(), depth++) {
            String text = t.getMessage();
            if (text != null && !text.equals(scrub(text))) {
                return true;
            }
        }
        return false;
    }

    private Throwable copy(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (int depth = 0; t != null && depth < 32; t = t.getCause(), depth++) {
            chain.add(t);
        }
        Throwable copy = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable original = chain.get(i);
            copy = new Scrubbed(original.getClass().getName(), scrub(original.getMessage()), copy);
            copy.setStackTrace(original.getStackTrace());
        }
        return copy;
    }

    /** Stands for an exception whose message held a secret; prints as the original would have, masked. */
    private static final class Scrubbed extends RuntimeException {

        private final String type;

        Scrubbed(String type, String message, Throwable cause) {
            super(message, cause);
            this.type = type;
        }

        @Override
        public String toString() {
            return getMessage() == null ? type : type + ": " + getMessage();
        }
    }
}
