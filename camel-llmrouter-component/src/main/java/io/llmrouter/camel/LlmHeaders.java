package io.llmrouter.camel;

import org.apache.camel.spi.Metadata;

/** The headers {@code llm:} endpoints set on the exchange after a call. */
public final class LlmHeaders {

    @Metadata(description = "The catalog id of the model that answered", javaType = "String")
    public static final String MODEL = "CamelLlmModel";
    @Metadata(description = "The provider that served the answer", javaType = "String")
    public static final String PROVIDER = "CamelLlmProvider";
    @Metadata(description = "The strategy that ranked the candidates", javaType = "String")
    public static final String STRATEGY = "CamelLlmStrategy";
    @Metadata(description = "A sticky weighted split's assignment: the arm, the subject's kind and a digest of its "
                            + "value, e.g. 'model-b; by=user; subject=3fa2c1d09b7e'; absent without a subject",
              javaType = "String")
    public static final String ASSIGNMENT = "CamelLlmAssignment";
    @Metadata(description = "The name of the catalog rule that chose the candidates or strategy; absent when none "
                            + "matched", javaType = "String")
    public static final String RULE = "CamelLlmRule";
    @Metadata(description = "How many upstream attempts the request took, the answering one included", javaType = "int")
    public static final String ATTEMPTS = "CamelLlmAttempts";
    @Metadata(description = "Failed attempts as 'model: reason' separated by '; ', absent when none failed",
              javaType = "String")
    public static final String FAILED_ATTEMPTS = "CamelLlmFailedAttempts";
    @Metadata(description = "Prompt tokens as the provider reported them (absent for streams)", javaType = "int")
    public static final String PROMPT_TOKENS = "CamelLlmPromptTokens";
    @Metadata(description = "Completion tokens as the provider reported them (absent for streams)", javaType = "int")
    public static final String COMPLETION_TOKENS = "CamelLlmCompletionTokens";
    @Metadata(description = "Total tokens (absent for streams)", javaType = "int")
    public static final String TOTAL_TOKENS = "CamelLlmTotalTokens";
    @Metadata(description = "What the call cost in USD by catalog prices (absent for streams, whose cost is recorded "
                            + "when they end)", javaType = "double")
    public static final String COST_USD = "CamelLlmCostUsd";
    @Metadata(description = "Set when the caller's key or team went beyond a soft budget: which, and by how much")
    public static final String BUDGET_WARNING = "CamelLlmBudgetWarning";
    @Metadata(description = "Nanoseconds spent waiting on upstreams, so callers can tell the router's own overhead",
              javaType = "long")
    public static final String UPSTREAM_NANOS = "CamelLlmUpstreamNanos";
    @Metadata(description = "The full decision as JSON (ranking with score components, exclusions with reasons); set "
                            + "when the request asked for it with x-llmrouter-explain: true", javaType = "String")
    public static final String RANKING = "CamelLlmRanking";
    @Metadata(description = "hit when the answer came from the response cache (nothing billed), miss when the request "
                            + "looked there and its answer was kept; absent when it did not use the cache",
              javaType = "String")
    public static final String CACHE = "CamelLlmCache";
    @Metadata(description = "True when the body is a streamed answer to be consumed: a io.llmrouter.api.ChatStream, or "
                            + "its SSE bytes as an InputStream when the stream format is sse", javaType = "boolean")
    public static final String STREAMING = "CamelLlmStreaming";
    @Metadata(description = "Set on the message before the call, overrides the endpoint's streamFormat for it: chunks "
                            + "(a io.llmrouter.api.ChatStream) or sse (the SSE bytes of the endpoint's API, as an "
                            + "InputStream)", javaType = "String")
    public static final String STREAM_FORMAT = "CamelLlmStreamFormat";
    @Metadata(description = "Set on the message before the call to llm:models: answer with this one model (any name "
                            + "callers may use, e.g. openai/gpt-4o) instead of the list; unknown, a 404 model_not_found",
              javaType = "String")
    public static final String MODEL_ID = "CamelLlmModelId";

    /**
     * Exchange property (not a header): a {@link io.llmrouter.api.CancelToken} the caller's transport cancels when the
     * client goes away, so the upstream call is cancelled too.
     */
    public static final String CANCEL_TOKEN_PROPERTY = "CamelLlmCancelToken";

    /**
     * Exchange property (not a header): the {@link io.llmrouter.governance.Caller} the transport authenticated. Without
     * it, and with keys on, the producer authenticates the exchange's {@code Authorization} or {@code x-api-key}
     * header itself.
     */
    public static final String CALLER_PROPERTY = "CamelLlmCaller";

    /** Exchange property (not a header): the {@link io.llmrouter.scoring.Ranking} behind the answer, set with it. */
    public static final String DECISION_PROPERTY = "CamelLlmDecision";

    /** Exchange property (not a header): the model the request named, as the caller wrote it (null: the router's choice). */
    public static final String REQUESTED_MODEL_PROPERTY = "CamelLlmRequestedModel";

    /**
     * Exchange property (not a header): a {@link io.llmrouter.telemetry.RequestTrace} told of the request's ranking and
     * each of its upstream attempts (the gateway's span and access-log line for the request), by every llm: endpoint
     * the exchange passes through.
     */
    public static final String TRACE_PROPERTY = "CamelLlmTrace";

    /**
     * Exchange property (not a header): the {@link io.llmrouter.dialect.Dialect} a streamed answer or a failure is
     * written in. Transports set it per path; {@code llm:responses} sets its own per stream (its events carry the
     * response's id).
     */
    public static final String DIALECT_PROPERTY = "CamelLlmDialect";

    private LlmHeaders() {
    }
}
