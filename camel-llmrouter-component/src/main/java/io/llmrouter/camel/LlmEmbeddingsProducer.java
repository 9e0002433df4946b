package io.llmrouter.camel;

import java.io.InputStream;
import java.util.List;

import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.engine.LlmEngine;
import io.llmrouter.engine.RouteOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code llm:embeddings}: an {@link EmbeddingRequest} in gives an {@link EmbeddingResponse}; OpenAI JSON (String or
 * bytes) gives JSON in the same form; a plain String or a List of Strings gives the vectors' JSON.
 */
public class LlmEmbeddingsProducer extends RoutingProducer {

    public LlmEmbeddingsProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void dispatch(LlmEngine engine, Exchange exchange, AsyncCallback callback) {
        Object body = exchange.getMessage().getBody();
        EmbeddingRequest request = read(body);
        RouteOptions options = getEndpoint().routeOptions(exchange, request.removeExtra("router"));
        exchange.setProperty(LlmHeaders.REQUESTED_MODEL_PROPERTY, request.model);
        engine.embed(request, options)
                .whenComplete((routed, error) -> {
                    if (error != null) {
                        exchange.setException(LlmException.unwrap(error));
                    } else {
                        Message out = exchange.getMessage();
                        out.setBody(write(body, routed.value()));
                        RoutedHeaders.set(out, routed, options);
                    }
                    callback.done(false);
                });
    }

    private static EmbeddingRequest read(Object body) {
        if (body instanceof EmbeddingRequest r) {
            return RequestCodec.validate(r);
        }
        if (body instanceof byte[] b) {
            return RequestCodec.readEmbedding(b);
        }
        if (body instanceof InputStream in) {
            try {
                return RequestCodec.readEmbedding(in.readAllBytes());
            } catch (java.io.IOException e) {
                throw LlmException.invalid(null, "Could not read the request body: " + e.getMessage());
            }
        }
        if (body instanceof String s && s.stripLeading().startsWith("{")) {
            return RequestCodec.readEmbedding(s);
        }
        if (body instanceof String || body instanceof List) {
            EmbeddingRequest r = new EmbeddingRequest();
            r.input = Json.MAPPER.valueToTree(body);
            return RequestCodec.validate(r);
        }
        throw LlmException.invalid(null, "llm:embeddings cannot read a body of type "
                + (body == null ? "null" : body.getClass().getName()));
    }

    private static Object write(Object original, EmbeddingResponse response) {
        if (original instanceof EmbeddingRequest) {
            return response;
        }
        if (original instanceof byte[] || original instanceof InputStream) {
            return Json.bytes(response);
        }
        return Json.string(response);
    }
}
