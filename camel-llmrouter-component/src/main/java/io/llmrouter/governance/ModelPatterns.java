package io.llmrouter.governance;

import java.util.List;

/** A key's allowed models: exact names, or globs where {@code *} stands for any characters ({@code openai/*}). */
final class ModelPatterns {

    private ModelPatterns() {
    }

    static boolean allows(List<String> patterns, String name) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String p : patterns) {
            if (matches(p, name)) {
                return true;
            }
        }
        return false;
    }

    /** Glob match without regular expressions (a pattern comes from an admin, a name from a caller). */
    static boolean matches(String pattern, String name) {
        int p = 0;
        int n = 0;
        int star = -1;
        int mark = 0;
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == name.charAt(n)) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = n;
            } else if (star >= 0) {
                p = star + 1;
                n = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
