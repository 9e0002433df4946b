package io.llmrouter.governance;

import java.util.regex.Pattern;

/** The ids callers choose (teams) and the gateway makes (keys): short, printable, safe in URLs and metric labels. */
final class Names {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {
    }

    static void require(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
    }
}
