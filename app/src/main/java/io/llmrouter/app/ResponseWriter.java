package io.llmrouter.app;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamListener;
import io.llmrouter.camel.LlmHeaders;
import io.llmrouter.dialect.anthropic.AnthropicErrorWriter;
import io.llmrouter.dialect.anthropic.AnthropicEventWriter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a finished exchange into the HTTP answer: JSON with the router's {@code x-llmrouter-*} headers, a Server-Sent
 * Events stream written event by event, or an error JSON, each in the exchange's {@link Dialect} (OpenAI's by
 * default). A stream that fails after its first byte ends with an error event and no {@code [DONE]} (or
 * {@code message_stop}), so no client mistakes it for a complete answer.
 */
final class ResponseWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);
    private static final String JSON = "application/json";
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private ResponseWriter() {
    }

    static void write(HttpServerResponse response, Exchange exchange, long startNanos) {
        if (response.closed() || response.ended()) {
            return;
        }
        Dialect dialect = exchange.getProperty(Dialect.PROPERTY, Dialect.OPENAI, Dialect.class);
        Throwable failure = exchange.getException();
        if (failure != null) {
            error(response, asLlmException(failure), dialect);
            return;
        }
        Message m = exchange.getMessage();
        decisionHeaders(response, m, startNanos);
        Object body = m.getBody();
        if (body instanceof ChatStream stream) {
            if (dialect == Dialect.ANTHROPIC) {
                anthropicSse(response, stream);
            } else {
                sse(response, stream);
            }
            return;
        }
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(bytes(body)));
    }

    /** @return completes when the answer is written */
    static Future<Void> error(HttpServerResponse response, LlmException e, Dialect dialect) {
        if (dialect == Dialect.ANTHROPIC) {
            return response.setStatusCode(AnthropicErrorWriter.status(e)).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(Buffer.buffer(AnthropicErrorWriter.bytes(e)));
        }
        byte[] body = e.upstreamBody() != null ? e.upstreamBody() : Json.bytes(e.toErrorBody());
        return response.setStatusCode(e.status()).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(body));
    }

    private static void sse(HttpServerResponse response, ChatStream stream) {
        sseHeaders(response);
        stream.subscribe(new StreamListener() {
            @Override
            public void onChunk(ChatChunk chunk) {
                response.write(event(Json.bytes(chunk)));
            }

            @Override
            public void onComplete() {
                response.end(DONE.copy());
            }

            @Override
            public void onError(LlmException error) {
                LOG.info("Stream failed after its first token: {}", error.getMessage());
                response.end(event(Json.bytes(error.toErrorBody())));
            }
        });
    }

    /** Anthropic's events, translated chunk by chunk as they arrive. */
    private static void anthropicSse(HttpServerResponse response, ChatStream stream) {
        sseHeaders(response);
        AnthropicEventWriter events = new AnthropicEventWriter();
        stream.subscribe(new StreamListener() {
            @Override
            public void onChunk(ChatChunk chunk) {
                String text = events.chunk(chunk);
                if (!text.isEmpty()) {
                    response.write(text);
                }
            }

            @Override
            public void onComplete() {
                response.end(events.complete());
            }

            @Override
            public void onError(LlmException error) {
                LOG.info("Stream failed after its first token: {}", error.getMessage());
                response.end(events.error(error));
            }
        });
    }

    private static void sseHeaders(HttpServerResponse response) {
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        // a client that leaves mid-stream is seen by the front door's end handler, which cancels the request and so
        // this stream's upstream call (a response has one close handler: setting one here would unhook it)
    }

    private static Buffer event(byte[] json) {
        return Buffer.buffer(json.length + 8).appendString("data: ").appendBytes(json).appendString("\n\n");
    }

    private static void decisionHeaders(HttpServerResponse r, Message m, long startNanos) {
        copy(r, m, LlmHeaders.MODEL, "x-llmrouter-model");
        copy(r, m, LlmHeaders.PROVIDER, "x-llmrouter-provider");
        copy(r, m, LlmHeaders.STRATEGY, "x-llmrouter-strategy");
        copy(r, m, LlmHeaders.ATTEMPTS, "x-llmrouter-attempts");
        copy(r, m, LlmHeaders.RANKING, "x-llmrouter-ranking");
        Double cost = m.getHeader(LlmHeaders.COST_USD, Double.class);
        if (cost != null) {
            r.putHeader("x-llmrouter-cost-usd", String.format(Locale.ROOT, "%.8f", cost));
        }
        Long upstream = m.getHeader(LlmHeaders.UPSTREAM_NANOS, Long.class);
        if (upstream != null) {
            double overheadMs = Math.max(0, System.nanoTime() - startNanos - upstream) / 1e6;
            r.putHeader("x-llmrouter-overhead-ms", String.format(Locale.ROOT, "%.3f", overheadMs));
        }
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
