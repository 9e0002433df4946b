package io.llmrouter.state;

/** A caller's requests and tokens in the last minute, checked and counted in one step so no two admits overshoot. */
final class SubjectWindow {

    private final MinuteWindow requests;
    private final MinuteWindow tokens;

    SubjectWindow(long origin) {
        this.requests = new MinuteWindow(origin);
        this.tokens = new MinuteWindow(origin);
    }

    synchronized boolean tryAdmit(long now, int estimatedTokens, int rpm, int tpm) {
        if (rpm > 0 && requests.lastMinute(now) + 1 > rpm) {
            return false;
        }
        if (tpm > 0 && tokens.lastMinute(now) + estimatedTokens > tpm) {
            return false;
        }
        requests.add(now, 1);
        tokens.add(now, estimatedTokens);
        return true;
    }
}
