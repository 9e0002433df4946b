package io.llmrouter.app;

import io.llmrouter.api.ChatStream;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.Usage;
import io.llmrouter.camel.LlmHeaders;
import io.llmrouter.dialect.Dialect;
import io.llmrouter.dialect.anthropic.AnthropicDialect;
import io.llmrouter.governance.Caller;
import io.llmrouter.scoring.Ranking;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * One front-door request while it is answered: what the response writer learns on the way (time to the first event,
 * the router's overhead, the exchange with the decision) until the response ends and {@link #summary} is made.
 */
final class Observation {

    final String requestId;
    final long startNanos = System.nanoTime();
    final long startEpochMillis = System.currentTimeMillis();
    private final String path;
    private final Dialect dialect;
    private final Caller caller;
    private Exchange exchange;
    private ChatStream stream;
    private long ttftNanos = -1;
    private long overheadNanos = -1;

    Observation(String requestId, String path, Dialect dialect, Caller caller) {
        this.requestId = requestId;
        this.path = path;
        this.dialect = dialect;
        this.caller = caller;
    }

    void answered(Exchange e) {
        this.exchange = e;
    }

    void streaming(ChatStream s) {
        this.stream = s;
    }

    void firstEvent() {
        if (ttftNanos < 0) {
            ttftNanos = System.nanoTime() - startNanos;
        }
    }

    void overhead(long nanos) {
        overheadNanos = nanos;
    }

    /** A request refused before it reached a route. */
    RequestSummary summary(int status, String errorCode) {
        RequestSummary s = summary(status);
        return new RequestSummary(s.requestId(), s.startedEpochMillis(), s.path(), s.dialect(), s.keyId(), s.team(),
                null, null, null, null, false, 0, null, status, errorCode, null, s.durationNanos(), -1, -1, -1, -1,
                Double.NaN, null);
    }

    RequestSummary summary(int status) {
        long duration = System.nanoTime() - startNanos;
        Message m = exchange == null ? null : exchange.getMessage();
        LlmException error = exchange == null || exchange.getException() == null ? null
                : ResponseWriter.quietly(exchange.getException());
        long prompt = -1;
        long completion = -1;
        double cost = Double.NaN;
        if (stream != null) {
            Usage u = stream.usage();
            if (u != null) {
                prompt = u.promptTokens;
                completion = u.completionTokens;
            }
            cost = stream.costUsd();
        } else if (m != null && m.getHeader(LlmHeaders.COST_USD) != null) {
            prompt = m.getHeader(LlmHeaders.PROMPT_TOKENS, -1L, Long.class);
            completion = m.getHeader(LlmHeaders.COMPLETION_TOKENS, -1L, Long.class);
            cost = m.getHeader(LlmHeaders.COST_USD, Double.NaN, Double.class);
        }
        boolean answered = m != null && error == null;
        return new RequestSummary(requestId, startEpochMillis, path, dialect == AnthropicDialect.INSTANCE ? "anthropic" : "openai",
                caller == null ? null : caller.keyId(), caller == null ? null : caller.teamId(),
                exchange == null ? null : exchange.getProperty(LlmHeaders.REQUESTED_MODEL_PROPERTY, String.class),
                answered ? m.getHeader(LlmHeaders.MODEL, String.class) : null,
                answered ? m.getHeader(LlmHeaders.PROVIDER, String.class) : null,
                answered ? m.getHeader(LlmHeaders.STRATEGY, String.class) : null, stream != null,
                answered ? m.getHeader(LlmHeaders.ATTEMPTS, 0, Integer.class) : 0,
                answered ? m.getHeader(LlmHeaders.FAILED_ATTEMPTS, String.class) : null, status,
                error == null ? null : error.code(), error == null ? null : error.kind().name(), duration, ttftNanos,
                overheadNanos, prompt, completion, cost,
                exchange == null ? null : exchange.getProperty(LlmHeaders.DECISION_PROPERTY, Ranking.class));
    }
}
