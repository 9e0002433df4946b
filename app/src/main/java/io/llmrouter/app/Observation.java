package io.llmrouter.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.api.Usage;
import io.llmrouter.camel.LlmHeaders;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.dialect.Dialect;
import io.llmrouter.dialect.anthropic.AnthropicDialect;
import io.llmrouter.governance.Caller;
import io.llmrouter.scoring.Ranking;
import io.llmrouter.telemetry.AttemptTrace;
import io.llmrouter.telemetry.RequestTrace;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * One front-door request while it is answered: what the response writer learns on the way (time to the first event,
 * the router's overhead, the exchange with the decision), and, as the request's {@link RequestTrace}, each upstream
 * attempt as it ends, until the response ends and {@link #ended} makes the summary (and ends the request's span, when
 * it is traced). An audited key's request body and answer are kept too; nobody else's are.
 */
final class Observation implements RequestTrace {

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
    private RequestSpan span;
    private List<RequestSummary.UpstreamAttempt> attempts;
    private final boolean audited;
    private byte[] requestBody;
    private byte[] answerBody;
    private StringBuilder streamedText;

    Observation(String requestId, String path, Dialect dialect, Caller caller) {
        this.requestId = requestId;
        this.path = path;
        this.dialect = dialect;
        this.caller = caller;
        this.audited = caller != null && caller.key().audit();
    }

    /** The request's span, which hears the ranking and attempts through this observation; none when not traced. */
    void traced(RequestSpan s) {
        this.span = s;
    }

    @Override
    public void ranked(Ranking ranking) {
        if (span != null) {
            span.ranked(ranking);
        }
    }

    @Override
    public AttemptTrace attempt(Deployment d) {
        AttemptTrace spanned = span == null ? AttemptTrace.NONE : span.attempt(d);
        return new AttemptTrace() {
            @Override
            public Map<String, String> headers() {
                return spanned.headers();
            }

            @Override
            public void ended(ErrorKind failure, Usage usage, long nanos) {
                spanned.ended(failure, usage, nanos);
                attemptEnded(new RequestSummary.UpstreamAttempt(d.id(), d.provider().id(),
                        failure == null ? null : failure.name(), nanos));
            }
        };
    }

    private synchronized void attemptEnded(RequestSummary.UpstreamAttempt a) {
        if (attempts == null) {
            attempts = new ArrayList<>(2);
        }
        attempts.add(a);
    }

    private synchronized List<RequestSummary.UpstreamAttempt> attempts() {
        return attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** The body as the caller sent it: kept for an audited key only (the array as it is, not a copy). */
    void requestBody(byte[] body) {
        if (audited) {
            requestBody = body;
        }
    }

    /** A plain answer's body as it is sent: kept for an audited key only. */
    void answerBody(byte[] body) {
        if (audited) {
            answerBody = body;
        }
    }

    /**
     * The stream to write: for an audited key, one that hands on each event of {@code s} and keeps the text of its
     * chunks; else {@code s} itself. (A stream has one subscriber, the dialect writing it, so the text is read on the
     * way.)
     */
    ChatStream tap(ChatStream s) {
        if (!audited) {
            return s;
        }
        StringBuilder text = new StringBuilder();
        synchronized (this) {
            streamedText = text;
        }
        // the caller leaving cancels the request's token, and with it the upstream: this copy has nothing to cancel
        ChatStream copy = new ChatStream(new CancelToken());
        s.subscribe(new StreamListener() {
            @Override
            public void onChunk(ChatChunk chunk) {
                if (chunk.choices != null) {
                    synchronized (Observation.this) {
                        for (ChatChunk.Choice c : chunk.choices) {
                            if (c.delta != null && c.delta.content != null) {
                                text.append(c.delta.content.asText());
                            }
                        }
                    }
                }
                copy.push(chunk);
            }

            @Override
            public void onComplete() {
                copy.complete();
            }

            @Override
            public void onError(LlmException error) {
                copy.fail(error);
            }
        });
        return copy;
    }

    private synchronized RequestSummary.Audit audit() {
        return audited ? new RequestSummary.Audit(requestBody, answerBody,
                streamedText == null ? null : streamedText.toString()) : null;
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

    /** The summary of the request whose response has just ended; its span, when traced, ends with it. */
    RequestSummary ended(int status) {
        RequestSummary s = summary(status);
        if (span != null) {
            span.end(s);
        }
        return s;
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
                exchange == null ? null : exchange.getProperty(LlmHeaders.DECISION_PROPERTY, Ranking.class),
                attempts(), audit());
    }
}
