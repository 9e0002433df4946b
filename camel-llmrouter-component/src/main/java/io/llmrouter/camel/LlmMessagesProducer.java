package io.llmrouter.camel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamOptions;
import io.llmrouter.dialect.anthropic.AnthropicDialect;
import io.llmrouter.dialect.anthropic.AnthropicRequestReader;
import io.llmrouter.dialect.anthropic.AnthropicResponseWriter;
import io.llmrouter.engine.LlmEngine;
import io.llmrouter.engine.RouteOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code llm:messages}: Anthropic's Messages API in front of the same engine. Reads an Anthropic request (JSON as
 * String, byte[] or InputStream), routes it to any model of the catalog, and answers with Anthropic's message JSON in
 * the form it came in. A streamed request answers with a canonical {@link io.llmrouter.api.ChatStream}, to be written
 * with {@link AnthropicDialect}, or in the {@code sse} stream format with Anthropic's Server-Sent Events already
 * written. Failures are {@link LlmException}s; write them with {@link AnthropicDialect} too.
 */
public class LlmMessagesProducer extends RoutingProducer {

    public LlmMessagesProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void dispatch(LlmEngine engine, Exchange exchange, AsyncCallback callback) {
        Message in = exchange.getMessage();
        boolean asString = in.getBody() instanceof String;
        ChatRequest request = AnthropicRequestReader.readMessages(bytes(in.getBody()));
        RouteOptions options = getEndpoint().routeOptions(exchange, null)
                .withCacheBody(request.removeExtra("cache"));
        if (request.streaming()) {
            // the usage comes in the last chunk, and Anthropic's message_delta must carry it
            request.streamOptions = StreamOptions.withUsage();
        }
        StreamFormat format = StreamFormat.of(in, getEndpoint().getConfiguration());
        ChatDispatch.dispatch(engine, exchange, request, options, response -> {
            byte[] json = AnthropicResponseWriter.bytes(response);
            return asString ? new String(json, StandardCharsets.UTF_8) : json;
        }, format.deliver(exchange, AnthropicDialect.INSTANCE, callback));
    }

    /** The body as JSON bytes: Anthropic requests come as JSON text in one of Camel's usual forms. */
    static byte[] bytes(Object body) {
        if (body instanceof byte[] b) {
            return b;
        }
        if (body instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (body instanceof InputStream s) {
            try {
                return s.readAllBytes();
            } catch (IOException e) {
                throw LlmException.invalid(null, "Could not read the request body: " + e.getMessage());
            }
        }
        throw LlmException.invalid(null, "llm:messages cannot read a body of type "
                + (body == null ? "null" : body.getClass().getName()) + ": send Anthropic's JSON as String, byte[] or "
                + "InputStream");
    }
}
