package io.llmrouter.learned;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A few numbers read off the prompt's text alone, which the embedding carries poorly: how long it is, how much of it
 * is digits, arithmetic and capitals, whether it looks like code, how many lettered answer options it offers. They
 * tell a word problem from a recall question of the same topic, which is where a strong model's lead is.
 */
final class PromptFeatures {

    static final int COUNT = 10;

    private static final Pattern CODE = Pattern.compile("```|def |\\bfunction\\b|;\\s*$|\\{|\\}", Pattern.MULTILINE);
    private static final Pattern OPTION = Pattern.compile("^[A-D]\\. ", Pattern.MULTILINE);
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final String ARITHMETIC = "+-*/=^<>%$";

    private PromptFeatures() {
    }

    static float[] of(String prompt) {
        int chars = prompt.length();
        int digits = 0;
        int arithmetic = 0;
        int upper = 0;
        int newlines = 0;
        int questions = 0;
        for (int i = 0; i < chars; i++) {
            char c = prompt.charAt(i);
            digits += Character.isDigit(c) ? 1 : 0;
            arithmetic += ARITHMETIC.indexOf(c) >= 0 ? 1 : 0;
            upper += Character.isUpperCase(c) ? 1 : 0;
            newlines += c == '\n' ? 1 : 0;
            questions += c == '?' ? 1 : 0;
        }
        String trimmed = prompt.strip();
        int words = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        double n = Math.max(chars, 1);
        return new float[] {
            (float) Math.log1p(chars),
            (float) Math.log1p(words),
            (float) (digits / n),
            (float) (arithmetic / n),
            CODE.matcher(prompt).find() ? 1 : 0,
            count(OPTION.matcher(prompt)) / 4f,
            newlines / 10f,
            count(NUMBER.matcher(prompt)) / 10f,
            (float) (upper / n),
            questions,
        };
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
