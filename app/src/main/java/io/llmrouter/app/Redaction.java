package io.llmrouter.app;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.llmrouter.governance.KeyMaterial;

/**
 * Takes key material out of what an audited request said and was answered before it is logged: any virtual key
 * ({@code sk-llmr-} and what follows, whole or cut short), the master key and the providers' API keys become
 * {@value #REDACTED}, in plain text and in JSON text alike.
 */
final class Redaction {

    static final String REDACTED = "[redacted]";
    private static final Pattern VIRTUAL_KEY = Pattern.compile(Pattern.quote(KeyMaterial.PREFIX) + "[A-Za-z0-9_-]*");

    /** Each secret as it is and, when it differs, as it reads inside a JSON string (quotes, backslashes escaped). */
    private final List<String> secrets = new CopyOnWriteArrayList<>();

    /** @param secrets the master key and the providers' keys; nulls and blanks are skipped */
    Redaction(Collection<String> secrets) {
        add(secrets);
    }

    /** More secrets to take out, e.g. the provider keys of a reloaded catalog. */
    void add(Collection<String> more) {
        for (String s : more) {
            if (s == null || s.isBlank() || this.secrets.contains(s)) {
                continue;
            }
            this.secrets.add(s);
            String inJson = new String(JsonStringEncoder.getInstance().quoteAsString(s));
            if (!inJson.equals(s)) {
                this.secrets.add(inJson);
            }
        }
    }

    String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, REDACTED);
        }
        return out.contains(KeyMaterial.PREFIX) ? VIRTUAL_KEY.matcher(out).replaceAll(REDACTED) : out;
    }
}
