package io.llmrouter.provider.sim;

import java.util.List;
import java.util.Set;

import io.llmrouter.catalog.CatalogEntry;
import io.llmrouter.catalog.ProviderSettings;

/**
 * How a simulated model behaves. Latency before the first token is log-normal around {@code ttftMs} with spread
 * {@code jitter} (sigma of the underlying normal); tokens then arrive at {@code tokensPerSecond}. A sim provider's
 * {@code sim} settings are the default of its models', which may override each field.
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
                         List<String> errorKinds, int capacity) implements ProviderSettings {

    public static final List<String> ERROR_KINDS = List.of("rate_limit", "server_error", "overloaded", "timeout");
    public static final SimProfile DEFAULT = new SimProfile(200, 0.25, 80, 40, 0, List.of("server_error"), 0);
    private static final Set<String> FIELDS = Set.of("ttft_ms", "jitter", "tokens_per_second", "answer_tokens",
            "error_rate", "error_kinds", "capacity");

    /** The profile an entry's {@code sim} mapping describes, field by field over {@code base}. */
    static SimProfile read(CatalogEntry e, SimProfile base) {
        if (e == null) {
            return base;
        }
        e.onlyFields(FIELDS);
        double errorRate = e.doubleValue("error_rate", base.errorRate());
        if (errorRate > 1) {
            throw e.error("error_rate must be between 0 and 1, was " + errorRate);
        }
        List<String> kinds = e.has("error_kinds") ? e.stringList("error_kinds") : base.errorKinds();
        for (String k : kinds) {
            if (!ERROR_KINDS.contains(k)) {
                throw e.error("unknown error kind '" + k + "' (known: " + String.join(", ", ERROR_KINDS) + ")");
            }
        }
        double tps = e.doubleValue("tokens_per_second", base.tokensPerSecond());
        if (tps <= 0) {
            throw e.error("tokens_per_second must be > 0, was " + tps);
        }
        return new SimProfile(e.doubleValue("ttft_ms", base.ttftMs()), e.doubleValue("jitter", base.jitter()), tps,
                (int) e.positiveLong("answer_tokens", base.answerTokens()), errorRate, kinds,
                (int) e.nonNegativeLong("capacity", base.capacity()));
    }
}
