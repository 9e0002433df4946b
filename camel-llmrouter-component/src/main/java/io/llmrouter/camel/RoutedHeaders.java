package io.llmrouter.camel;

import io.llmrouter.api.Json;
import io.llmrouter.engine.Routed;
import io.llmrouter.resilience.Attempt;
import org.apache.camel.Message;

/** Writes the decision behind an answer into the {@link LlmHeaders}. */
final class RoutedHeaders {

    private RoutedHeaders() {
    }

    static void set(Message m, Routed<?> routed) {
        m.setHeader(LlmHeaders.MODEL, routed.deployment().id());
        m.setHeader(LlmHeaders.PROVIDER, routed.deployment().provider().id());
        m.setHeader(LlmHeaders.STRATEGY, routed.ranking().strategy());
        m.setHeader(LlmHeaders.ATTEMPTS, routed.attempts().size());
        m.setHeader(LlmHeaders.UPSTREAM_NANOS, routed.upstreamNanos());
        StringBuilder failed = new StringBuilder();
        for (Attempt a : routed.attempts()) {
            if (a.failure() != null) {
                failed.append(failed.isEmpty() ? "" : "; ").append(a.deployment()).append(": ").append(a.failure().name());
            }
        }
        if (!failed.isEmpty()) {
            m.setHeader(LlmHeaders.FAILED_ATTEMPTS, failed.toString());
        } else {
            m.removeHeader(LlmHeaders.FAILED_ATTEMPTS);
        }
        if (routed.ranking().explained()) {
            m.setHeader(LlmHeaders.RANKING, Json.string(routed.ranking().explain()));
        }
        if (routed.usage() != null) {
            m.setHeader(LlmHeaders.PROMPT_TOKENS, routed.usage().promptTokens);
            m.setHeader(LlmHeaders.COMPLETION_TOKENS, routed.usage().completionTokens);
            m.setHeader(LlmHeaders.TOTAL_TOKENS, routed.usage().totalTokens);
            m.setHeader(LlmHeaders.COST_USD, routed.costUsd());
        }
    }
}
