package io.llmrouter.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.scoring.Candidate;
import io.llmrouter.scoring.Exclusion;
import io.llmrouter.scoring.Ranking;
import io.llmrouter.telemetry.AttemptTrace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/**
 * The span of one front-door request, with the OpenTelemetry GenAI attributes: named {@code chat {model}} once the
 * request's model is known, a child client span per upstream attempt ({@code chat {upstream model}}), and the routing
 * decision as the {@value #DECISION_EVENT} event (candidates with their scores, exclusions with their reasons).
 */
final class RequestSpan {

    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("llmrouter.request_id");
    static final AttributeKey<String> KEY_ID = AttributeKey.stringKey("llmrouter.key_id");
    static final AttributeKey<String> TEAM = AttributeKey.stringKey("llmrouter.team");
    static final AttributeKey<String> STRATEGY = AttributeKey.stringKey("llmrouter.strategy");
    static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("llmrouter.model");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("llmrouter.attempts");
    static final AttributeKey<Double> COST = AttributeKey.doubleKey("llmrouter.cost_usd");
    static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("gen_ai.request.stream");

    static final String DECISION_EVENT = "llmrouter.decision";
    static final AttributeKey<List<String>> CANDIDATES = AttributeKey.stringArrayKey("llmrouter.candidates");
    static final AttributeKey<List<Double>> SCORES = AttributeKey.doubleArrayKey("llmrouter.candidates.score");
    static final AttributeKey<List<String>> EXCLUDED = AttributeKey.stringArrayKey("llmrouter.excluded");
    static final AttributeKey<List<String>> EXCLUDED_REASONS =
            AttributeKey.stringArrayKey("llmrouter.excluded.reason");
    static final AttributeKey<Boolean> PANIC = AttributeKey.booleanKey("llmrouter.panic");

    /** The catalog id ranked first, to name a request that got no answer. */
    private volatile String firstRanked;
    private final Tracing tracing;
    private final Span span;
    private final Context context;
    private final String operation;

    RequestSpan(Tracing tracing, Span span, Context context, String operation) {
        this.tracing = tracing;
        this.span = span;
        this.context = context;
        this.operation = operation;
    }

    /** The GenAI operation a path serves. */
    static String operation(String path) {
        return switch (path) {
            case "/v1/chat/completions", "/v1/messages" -> "chat";
            case "/v1/embeddings" -> "embeddings";
            case "/v1/messages/count_tokens" -> "count_tokens";
            case "/v1/route" -> "route";
            default -> path;
        };
    }

    /** The ranking as an event: candidates best first with their scores, then the ones left out and why. */
    void ranked(Ranking ranking) {
        if (!ranking.candidates().isEmpty()) {
            firstRanked = ranking.candidates().get(0).deployment().id();
        }
        List<String> models = new ArrayList<>(ranking.candidates().size());
        List<Double> scores = new ArrayList<>(ranking.candidates().size());
        for (Candidate c : ranking.candidates()) {
            models.add(c.deployment().id());
            scores.add(c.score());
        }
        List<String> excluded = new ArrayList<>(ranking.excluded().size());
        List<String> reasons = new ArrayList<>(ranking.excluded().size());
        for (Exclusion x : ranking.excluded()) {
            excluded.add(x.deployment());
            reasons.add(x.reason());
        }
        AttributesBuilder a = Attributes.builder()
                .put(STRATEGY, ranking.strategy())
                .put(CANDIDATES, models)
                .put(SCORES, scores)
                .put(EXCLUDED, excluded)
                .put(EXCLUDED_REASONS, reasons);
        if (ranking.panic()) {
            a.put(PANIC, true);
        }
        span.addEvent(DECISION_EVENT, a.build());
    }

    /** A client span for an attempt on {@code d}, from now until the attempt ends; its context goes upstream. */
    AttemptTrace attempt(Deployment d) {
        String upstream = d.model().upstream() != null ? d.model().upstream() : d.id();
        Span attempt = tracing.tracer.spanBuilder(operation + " " + upstream)
                .setParent(context)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, operation)
                .setAttribute(REQUEST_MODEL, upstream)
                .setAttribute(PROVIDER, d.provider().id())
                .setAttribute(DEPLOYMENT, d.id())
                .startSpan();
        Map<String, String> headers = new HashMap<>(4);
        tracing.propagator.inject(context.with(attempt), headers, Map::put);
        return new AttemptTrace() {
            @Override
            public Map<String, String> headers() {
                return headers;
            }

            @Override
            public void ended(ErrorKind failure, Usage usage, long nanos) {
                if (usage != null) {
                    attempt.setAttribute(INPUT_TOKENS, (long) usage.promptTokens);
                    attempt.setAttribute(OUTPUT_TOKENS, (long) usage.completionTokens);
                }
                if (failure == null) {
                    attempt.setAttribute(RESPONSE_MODEL, upstream);
                } else {
                    attempt.setAttribute(ERROR_TYPE, failure.name());
                    attempt.setStatus(StatusCode.ERROR, failure.name());
                }
                attempt.end();
            }
        };
    }

    /** Ends the span with what the request came to. */
    void end(RequestSummary s) {
        // named after the model that answered, or was ranked first (catalog ids): a caller's own name is unbounded
        String named = s.model() != null ? s.model() : firstRanked;
        if (named != null) {
            span.updateName(operation + " " + named);
        }
        String model = s.requestedModel() != null ? s.requestedModel() : s.model();
        if (model != null) {
            span.setAttribute(REQUEST_MODEL, model);
        }
        span.setAttribute(HTTP_STATUS, (long) s.status());
        span.setAttribute(REQUEST_ID, s.requestId());
        span.setAttribute(STREAM, s.stream());
        span.setAttribute(ATTEMPTS, (long) s.upstreamAttempts().size());
        set(KEY_ID, s.keyId());
        set(TEAM, s.team());
        set(RESPONSE_MODEL, s.model());
        set(PROVIDER, s.provider());
        set(STRATEGY, s.strategy());
        if (s.promptTokens() >= 0) {
            span.setAttribute(INPUT_TOKENS, s.promptTokens());
        }
        if (s.completionTokens() >= 0) {
            span.setAttribute(OUTPUT_TOKENS, s.completionTokens());
        }
        if (!Double.isNaN(s.costUsd())) {
            span.setAttribute(COST, s.costUsd());
        }
        if (s.errorKind() != null || s.status() >= 400) {
            span.setAttribute(ERROR_TYPE, s.errorKind() != null ? s.errorKind() : Integer.toString(s.status()));
        }
        if (s.status() >= 500) {
            // a server span's error is the server's: a 4xx is the caller's (HTTP semantic conventions)
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private void set(AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }
}
