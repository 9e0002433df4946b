package io.llmrouter.camel;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.StreamOptions;
import io.llmrouter.dialect.responses.ResponseObject;
import io.llmrouter.dialect.responses.ResponsesDialect;
import io.llmrouter.dialect.responses.ResponsesRequest;
import io.llmrouter.dialect.responses.ResponsesRequestReader;
import io.llmrouter.engine.LlmEngine;
import io.llmrouter.governance.Caller;
import io.llmrouter.responses.ResponseStore;
import io.llmrouter.responses.StoredResponse;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code llm:responses}: OpenAI's Responses API in front of the same engine. The request (with the conversation of
 * its {@code previous_response_id}, looked up in the component's {@link ResponseStore} and visible only to the key
 * that made it) becomes a chat request routed to any model; the answer is the {@code response} object in the form
 * the body came in, kept in the store unless {@code store} is false. A streamed request answers with a canonical
 * {@link io.llmrouter.api.ChatStream} and sets the exchange's {@link LlmHeaders#DIALECT_PROPERTY} to the dialect that
 * writes its events (under this response's id), or in the {@code sse} stream format with its events already written.
 */
public class LlmResponsesProducer extends RoutingProducer {

    private static final Logger LOG = LoggerFactory.getLogger(LlmResponsesProducer.class);

    public LlmResponsesProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void dispatch(LlmEngine engine, Exchange exchange, AsyncCallback callback) {
        Object body = exchange.getMessage().getBody();
        ResponsesRequest request = ResponsesRequestReader.read(LlmMessagesProducer.bytes(body));
        boolean asString = body instanceof String;
        Caller caller = exchange.getProperty(LlmHeaders.CALLER_PROPERTY, Caller.class);
        String owner = ResponseStore.owner(caller == null ? null : caller.keyId());
        ResponseStore store = getEndpoint().getComponent().responseStore();
        String previous = request.previousResponseId();
        if (previous == null) {
            respond(engine, exchange, request, request.input(), owner, asString, callback);
            return;
        }
        engine.onEventLoop(store.get(previous)).whenComplete((stored, error) -> {
            try {
                if (error != null) {
                    throw LlmException.unwrap(error);
                }
                if (stored == null || !stored.owner().equals(owner)) {
                    throw ResponseStore.notFound(previous, "previous_response_id");
                }
                ArrayNode conversation = stored.continued();
                conversation.addAll(request.input());
                respond(engine, exchange, request, conversation, owner, asString, callback);
            } catch (RuntimeException failure) {
                exchange.setException(failure);
                callback.done(false);
            }
        });
    }

    private void respond(LlmEngine engine, Exchange exchange, ResponsesRequest request, ArrayNode conversation,
                         String owner, boolean asString, AsyncCallback callback) {
        ChatRequest chat = request.toChat(conversation);
        String id = ResponseObject.newId();
        Consumer<ObjectNode> keep = keeper(request, id, owner, conversation);
        Message in = exchange.getMessage();
        AsyncCallback done = callback;
        if (chat.streaming()) {
            chat.streamOptions = StreamOptions.withUsage(); // response.completed carries the usage
            ResponsesDialect dialect = ResponsesDialect.forResponse(id, request.echo(), keep);
            exchange.setProperty(LlmHeaders.DIALECT_PROPERTY, dialect);
            done = StreamFormat.of(in, getEndpoint().getConfiguration()).deliver(exchange, dialect, callback);
        }
        ChatDispatch.dispatch(engine, exchange, chat, getEndpoint().routeOptions(exchange, request.router()),
                answer -> {
                    ObjectNode response = ResponseObject.of(id, answer, request.echo());
                    keep.accept(response);
                    return asString ? Json.string(response) : Json.bytes(response);
                }, done);
    }

    /** Stores a finished response (unless the caller said not to); a store that fails costs the caller nothing now. */
    private Consumer<ObjectNode> keeper(ResponsesRequest request, String id, String owner, ArrayNode conversation) {
        if (!request.store()) {
            return response -> { };
        }
        ResponseStore store = getEndpoint().getComponent().responseStore();
        return response -> store.put(id, new StoredResponse(owner, conversation, response)).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("Response {} could not be stored: {}", id, e.toString());
            }
        });
    }
}
