package io.llmrouter.state.hazelcast;

import java.util.Map;

import com.hazelcast.map.EntryProcessor;

/**
 * Checks a deployment's rpm/tpm headroom and counts the attempt in one step on the partition owner, so that concurrent
 * requests from any member cannot overshoot. The caller's wall-clock time travels with it so that the backup replays
 * the same decision.
 */
final class TryStartProcessor implements EntryProcessor<String, RateWindow, Boolean> {

    private final long nowMillis;
    private final int tokens;
    private final int rpm;
    private final int tpm;

    TryStartProcessor(long nowMillis, int tokens, int rpm, int tpm) {
        this.nowMillis = nowMillis;
        this.tokens = tokens;
        this.rpm = rpm;
        this.tpm = tpm;
    }

    @Override
    public Boolean process(Map.Entry<String, RateWindow> entry) {
        RateWindow w = (entry.getValue() == null ? RateWindow.EMPTY : entry.getValue()).at(nowMillis);
        if (rpm > 0 && w.requestsLastMinute(nowMillis) >= rpm
                || tpm > 0 && w.tokensLastMinute(nowMillis) + tokens > tpm) {
            return Boolean.FALSE;
        }
        entry.setValue(w.plus(1, tokens));
        return Boolean.TRUE;
    }
}
