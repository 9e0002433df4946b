package io.llmrouter.provider;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;

/**
 * The wait an upstream's headers ask for before the next request, in the order the providers' own SDKs read them:
 * {@code retry-after-ms} (OpenAI, Azure OpenAI), then {@code retry-after} in seconds or as an HTTP date (RFC 9110),
 * then the reset time of a rate limit the answer says is used up ({@code x-ratelimit-remaining-requests: 0} with
 * {@code x-ratelimit-reset-requests: 6m0s}, likewise for tokens), as OpenAI and compatible servers send it.
 */
public final class RetryAfter {

    /** Go's duration syntax, which OpenAI's reset headers use: {@code 1s}, {@code 6m0s}, {@code 20ms}, {@code 1h2m}. */
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RetryAfter() {
    }

    /** Milliseconds to wait, or -1 when the headers name no wait or none that can be read. */
    public static long millis(MultiMap headers, Clock clock) {
        long ms = number(headers.get("retry-after-ms"), 1);
        if (ms >= 0) {
            return ms;
        }
        String retryAfter = headers.get("retry-after");
        long wait = number(retryAfter, 1000);
        if (wait < 0) {
            wait = date(retryAfter, clock);
        }
        if (wait >= 0) {
            return wait;
        }
        return Math.max(exhaustedReset(headers, "requests"), exhaustedReset(headers, "tokens"));
    }

    private static long number(String value, double millisPerUnit) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            double v = Double.parseDouble(value.trim());
            return v >= 0 ? (long) (v * millisPerUnit) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long date(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            return Math.max(0, at.toInstant().toEpochMilli() - clock.millis());
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static long exhaustedReset(MultiMap headers, String limit) {
        String remaining = headers.get("x-ratelimit-remaining-" + limit);
        if (remaining == null || !remaining.trim().equals("0")) {
            return -1;
        }
        return duration(headers.get("x-ratelimit-reset-" + limit));
    }

    /** A duration such as {@code 6m0s} in milliseconds; -1 when it is not one. */
    public static long duration(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        Matcher m = DURATION_PART.matcher(value.trim());
        double millis = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "h" -> n * 3_600_000;
                case "m" -> n * 60_000;
                case "s" -> n * 1000;
                default -> n;
            };
            end = m.end();
        }
        return end > 0 && end == value.trim().length() ? (long) millis : -1;
    }
}
