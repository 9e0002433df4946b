package io.llmrouter.camel;

import java.util.function.Function;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.LlmException;
import io.llmrouter.engine.LlmEngine;
import io.llmrouter.engine.RouteOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Sends a chat request through the engine for a producer and completes its exchange, whatever dialect it speaks. */
final class ChatDispatch {

    private ChatDispatch() {
    }

    /**
     * A streamed request's body becomes the {@link io.llmrouter.api.ChatStream} once its first token is in; a plain
     * answer's body is what {@code answer} makes of the response. Failures become the exchange's exception.
     */
    static void dispatch(LlmEngine engine, Exchange exchange, ChatRequest request, RouteOptions options,
                         Function<ChatResponse, Object> answer, AsyncCallback callback) {
        exchange.setProperty(LlmHeaders.REQUESTED_MODEL_PROPERTY, request.model);
        if (request.streaming()) {
            engine.stream(request, options).whenComplete((routed, error) -> {
                if (error != null) {
                    exchange.setException(LlmException.unwrap(error));
                } else {
                    Message out = exchange.getMessage();
                    out.setBody(routed.value());
                    out.setHeader(LlmHeaders.STREAMING, true);
                    RoutedHeaders.set(out, routed, options);
                }
                callback.done(false);
            });
        } else {
            engine.chat(request, options).whenComplete((routed, error) -> {
                if (error != null) {
                    exchange.setException(LlmException.unwrap(error));
                } else {
                    Message out = exchange.getMessage();
                    out.setBody(answer.apply(routed.value()));
                    out.removeHeader(LlmHeaders.STREAMING);
                    RoutedHeaders.set(out, routed, options);
                }
                callback.done(false);
            });
        }
    }
}
