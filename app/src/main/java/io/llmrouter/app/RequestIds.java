package io.llmrouter.app;

import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.http.HttpServerRequest;

/** Request ids: the caller's {@code x-request-id} when it sends a sane one (to follow a call across systems), else ours. */
final class RequestIds {

    static final String HEADER = "x-request-id";
    private static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    static String of(HttpServerRequest request) {
        String given = request.getHeader(HEADER);
        if (given != null && !given.isEmpty() && given.length() <= MAX_LENGTH && printable(given)) {
            return given;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "req-" + Long.toHexString(r.nextLong() & Long.MAX_VALUE) + Long.toHexString(r.nextInt() & 0xffffff);
    }

    /** Visible ASCII only: an id goes into log lines and headers as it is. */
    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
