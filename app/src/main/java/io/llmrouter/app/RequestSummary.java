package io.llmrouter.app;

import java.util.List;

import io.llmrouter.scoring.Ranking;

/**
 * One {@code /v1/*} request as the front door saw it end. Numbers the request did not get are -1 (tokens, TTFT) or NaN
 * (cost); names it did not get are null.
 *
 * @param requestId        the caller's {@code x-request-id}, else one made here; also on the response
 * @param dialect          the API the caller spoke: {@code openai} or {@code anthropic}
 * @param keyId            the virtual key's id, null without keys
 * @param requestedModel   the model the body named (null, or "auto": the router's choice)
 * @param model            the model that answered
 * @param failedAttempts   each failed attempt as {@code model: ERROR_KIND}, separated by "; "; null when none
 * @param errorCode        the error's code (e.g. {@code budget_exceeded}) when the request failed, else null
 * @param errorKind        the error's kind (an {@link io.llmrouter.api.ErrorKind} name) when it failed, else null
 * @param ttftNanos        time to the first event written, for streams
 * @param overheadNanos    the time the router itself took: the whole request less the time upstreams had it
 * @param decision         the ranking behind the answer (candidates, exclusions with reasons), null when none
 * @param upstreamAttempts every upstream attempt that had ended when the response did, in the order they ended, failed
 *                         requests' included; empty when none
 * @param audit            what the request said and was answered, only for a key with audit logging; else null
 */
public record RequestSummary(String requestId, long startedEpochMillis, String path, String dialect, String keyId,
                             String team, String requestedModel, String model, String provider, String strategy,
                             boolean stream, int attempts, String failedAttempts, int status, String errorCode,
                             String errorKind, long durationNanos, long ttftNanos, long overheadNanos,
                             long promptTokens, long completionTokens, double costUsd, Ranking decision,
                             List<UpstreamAttempt> upstreamAttempts, Audit audit) {

    /** A summary without attempts or audit. */
    public RequestSummary(String requestId, long startedEpochMillis, String path, String dialect, String keyId,
                          String team, String requestedModel, String model, String provider, String strategy,
                          boolean stream, int attempts, String failedAttempts, int status, String errorCode,
                          String errorKind, long durationNanos, long ttftNanos, long overheadNanos,
                          long promptTokens, long completionTokens, double costUsd, Ranking decision) {
        this(requestId, startedEpochMillis, path, dialect, keyId, team, requestedModel, model, provider, strategy, stream,
                attempts, failedAttempts, status, errorCode, errorKind, durationNanos, ttftNanos, overheadNanos,
                promptTokens, completionTokens, costUsd, decision, List.of(), null);
    }

    /**
     * One call to one upstream.
     *
     * @param model     the catalog id of the model called
     * @param errorKind null when it answered, else an {@link io.llmrouter.api.ErrorKind} name
     */
    public record UpstreamAttempt(String model, String provider, String errorKind, long durationNanos) {
    }

    /**
     * An audited request's words, kept as they came (key material is redacted where they are written).
     *
     * @param request the request body as the caller sent it
     * @param answer  the answer's body as it was sent, for a plain answer; else null
     * @param text    the text of a streamed answer, assembled from its chunks; else null
     */
    public record Audit(byte[] request, byte[] answer, String text) {
    }

    /** The same summary without what an audited request said and was answered. */
    public RequestSummary withoutAudit() {
        return new RequestSummary(requestId, startedEpochMillis, path, dialect, keyId, team, requestedModel, model,
                provider, strategy, stream, attempts, failedAttempts, status, errorCode, errorKind, durationNanos,
                ttftNanos, overheadNanos, promptTokens, completionTokens, costUsd, decision, upstreamAttempts, null);
    }
}
