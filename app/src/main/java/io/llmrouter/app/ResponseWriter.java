package io.llmrouter.app;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

import io.llmrouter.api.ChatStream;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.camel.LlmHeaders;
import io.llmrouter.dialect.Dialect;
import io.llmrouter.dialect.SseSink;
import io.llmrouter.dialect.openai.OpenAiDialect;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a finished exchange into the HTTP answer: the body with the router's {@code x-llmrouter-*} headers, a
 * Server-Sent Events stream written event by event, or an error. The bytes of streams and errors come from the
 * exchange's {@link Dialect} (OpenAI's by default); this class only moves them.
 */
final class ResponseWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);
    private static final String JSON = "application/json";

    private ResponseWriter() {
    }

    static void write(HttpServerResponse response, Exchange exchange, Observation observation) {
        observation.answered(exchange);
        if (response.closed() || response.ended()) {
            return;
        }
        Dialect dialect = exchange.getProperty(FrontDoor.DIALECT_PROPERTY, OpenAiDialect.INSTANCE, Dialect.class);
        Throwable failure = exchange.getException();
        if (failure != null) {
            error(response, asLlmException(failure), dialect);
            return;
        }
        Message m = exchange.getMessage();
        decisionHeaders(response, m, observation);
        Object body = m.getBody();
        if (body instanceof ChatStream stream) {
            observation.streaming(stream);
            sse(response, observation.tap(stream), dialect, observation);
            return;
        }
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        byte[] answer = bytes(body);
        observation.answerBody(answer);
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(answer));
    }

    /** @return completes when the answer is written */
    static Future<Void> error(HttpServerResponse response, LlmException e, Dialect dialect) {
        if (e.retryAfterMillis() >= 0 && dialect.status(e) == 429) {
            response.putHeader("retry-after", Long.toString(Math.max(1, (e.retryAfterMillis() + 999) / 1000)));
        }
        if (e.kind() == ErrorKind.BUDGET_EXCEEDED) {
            // a budget comes back at the next period, not in seconds: the OpenAI and Anthropic SDKs heed this header
            // and do not retry (they ignore a Retry-After of a minute or more and retry anyway)
            response.putHeader("x-should-retry", "false");
        }
        return response.setStatusCode(dialect.status(e)).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(Buffer.buffer(dialect.errorBody(e)));
    }

    private static void sse(HttpServerResponse response, ChatStream stream, Dialect dialect,
                            Observation observation) {
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, Dialect.SSE_CONTENT_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        // a client that leaves mid-stream is seen by the front door's end handler, which cancels the request and so
        // this stream's upstream call (a response has one close handler: setting one here would unhook it)
        dialect.stream(stream, new SseSink() {
            @Override
            public void write(byte[] events) {
                observation.firstEvent();
                response.write(Buffer.buffer(events));
            }

            @Override
            public void end(byte[] events, LlmException failure) {
                if (failure != null) {
                    LOG.info("Stream failed after its first token: {}", failure.getMessage());
                }
                response.end(Buffer.buffer(events));
            }
        });
    }

    private static void decisionHeaders(HttpServerResponse r, Message m, Observation observation) {
        copy(r, m, LlmHeaders.MODEL, "x-llmrouter-model");
        copy(r, m, LlmHeaders.PROVIDER, "x-llmrouter-provider");
        copy(r, m, LlmHeaders.STRATEGY, "x-llmrouter-strategy");
        copy(r, m, LlmHeaders.ASSIGNMENT, "x-llmrouter-assignment");
        copy(r, m, LlmHeaders.RULE, "x-llmrouter-rule");
        copy(r, m, LlmHeaders.ATTEMPTS, "x-llmrouter-attempts");
        copy(r, m, LlmHeaders.RANKING, "x-llmrouter-ranking");
        copy(r, m, LlmHeaders.BUDGET_WARNING, "x-llmrouter-budget-warning");
        copy(r, m, LlmHeaders.CACHE, "x-llmrouter-cache");
        Double cost = m.getHeader(LlmHeaders.COST_USD, Double.class);
        if (cost != null) {
            r.putHeader("x-llmrouter-cost-usd", fixed(cost, 8));
        }
        Long upstream = m.getHeader(LlmHeaders.UPSTREAM_NANOS, Long.class);
        if (upstream != null) {
            long overhead = Math.max(0, System.nanoTime() - observation.startNanos - upstream);
            observation.overhead(overhead);
            r.putHeader("x-llmrouter-overhead-ms", fixed(overhead / 1e6, 3));
        }
    }

    /** {@code %.Nf} without a Formatter, which builds locale symbols on every call (the hot path's largest allocation). */
    static String fixed(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    private static void copy(HttpServerResponse r, Message m, String header, String httpName) {
        Object v = m.getHeader(header);
        if (v != null) {
            r.putHeader(httpName, v.toString());
        }
    }

    private static byte[] bytes(Object body) {
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] b) {
            return b;
        }
        if (body instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return Json.bytes(body);
    }

    /** The router's own failure, or a generic 500 for anything else, without logging it (it was logged when answered). */
    static LlmException quietly(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof LlmException e) {
                return e;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return LlmException.of(ErrorKind.INTERNAL, "The gateway failed to handle the request.");
    }

    /** The router's own failure, or a generic 500 for anything else a user's route threw (logged, never shown). */
    static LlmException asLlmException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof LlmException e) {
                return e;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        LOG.warn("Route failed", t);
        return LlmException.of(ErrorKind.INTERNAL, "The gateway failed to handle the request.");
    }
}
