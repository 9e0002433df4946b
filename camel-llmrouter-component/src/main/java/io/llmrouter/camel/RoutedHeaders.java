package io.llmrouter.camel;

import java.util.Map;

import io.llmrouter.api.Json;
import io.llmrouter.engine.RouteOptions;
import io.llmrouter.engine.Routed;
import org.apache.camel.Message;

/** Writes the decision behind an answer into the {@link LlmHeaders}. */
final class RoutedHeaders {

    private RoutedHeaders() {
    }

    static void set(Message m, Routed<?> routed, RouteOptions options) {
        m.getExchange().setProperty(LlmHeaders.DECISION_PROPERTY, routed.ranking());
        String warning = options.tab().warning();
        if (warning != null) {
            m.setHeader(LlmHeaders.BUDGET_WARNING, warning);
        }
        m.setHeader(LlmHeaders.MODEL, routed.model());
        if (routed.cache() != null) {
            m.setHeader(LlmHeaders.CACHE, routed.cache());
        } else {
            m.removeHeader(LlmHeaders.CACHE);
        }
        m.setHeader(LlmHeaders.PROVIDER, routed.provider());
        m.setHeader(LlmHeaders.STRATEGY, routed.strategy());
        setOrRemove(m, LlmHeaders.ASSIGNMENT, routed.ranking().assignment());
        setOrRemove(m, LlmHeaders.RULE, routed.ranking().rule());
        m.setHeader(LlmHeaders.ATTEMPTS, routed.attemptCount());
        m.setHeader(LlmHeaders.UPSTREAM_NANOS, routed.upstreamNanos());
        StringBuilder failed = new StringBuilder();
        for (Routed.FailedAttempt a : routed.failedAttempts()) {
            failed.append(failed.isEmpty() ? "" : "; ").append(a.model()).append(": ").append(a.kind().name());
        }
        if (!failed.isEmpty()) {
            m.setHeader(LlmHeaders.FAILED_ATTEMPTS, failed.toString());
        } else {
            m.removeHeader(LlmHeaders.FAILED_ATTEMPTS);
        }
        Map<String, Object> explanation = routed.explanation();
        if (explanation != null) {
            m.setHeader(LlmHeaders.RANKING, Json.string(explanation));
        }
        if (routed.usage() != null) {
            m.setHeader(LlmHeaders.PROMPT_TOKENS, routed.usage().promptTokens);
            m.setHeader(LlmHeaders.COMPLETION_TOKENS, routed.usage().completionTokens);
            m.setHeader(LlmHeaders.TOTAL_TOKENS, routed.usage().totalTokens);
            m.setHeader(LlmHeaders.COST_USD, routed.costUsd());
        }
    }

    private static void setOrRemove(Message m, String name, String value) {
        if (value != null) {
            m.setHeader(name, value);
        } else {
            m.removeHeader(name);
        }
    }
}
