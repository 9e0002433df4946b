package io.llmrouter.catalog;

import java.util.List;

/**
 * How a simulated model behaves. Latency before the first token is log-normal around {@code ttftMs} with spread
 * {@code jitter} (sigma of the underlying normal); tokens then arrive at {@code tokensPerSecond}.
 *
 * @param ttftMs          median time to first token (and to the headers of a plain answer)
 * @param jitter          log-normal sigma, 0 for a fixed latency
 * @param tokensPerSecond output speed
 * @param answerTokens    how many tokens a text answer has
 * @param errorRate       share of requests that fail, 0..1
 * @param errorKinds      which failures to draw from: rate_limit, server_error, overloaded, timeout
 * @param capacity        requests served at full speed at once; beyond that every request slows in proportion, like
 *                        a saturated server (0 for no limit)
 */
public record SimProfile(double ttftMs, double jitter, double tokensPerSecond, int answerTokens, double errorRate,
                         List<String> errorKinds, int capacity) {

    public static final List<String> ERROR_KINDS = List.of("rate_limit", "server_error", "overloaded", "timeout");
    public static final SimProfile DEFAULT = new SimProfile(200, 0.25, 80, 40, 0, List.of("server_error"), 0);
}
