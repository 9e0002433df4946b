package io.llmrouter.camel;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.dialect.openai.OpenAiDialect;
import io.llmrouter.engine.LlmEngine;
import io.llmrouter.engine.RouteOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code llm:chat}: reads the body (canonical request, OpenAI JSON or a prompt), routes it, and answers in the same
 * form. A streamed request answers once its first token is in, with a {@link io.llmrouter.api.ChatStream} or, in the
 * {@code sse} stream format, OpenAI's Server-Sent Events. Never blocks: the exchange continues on the thread that
 * received the upstream answer.
 */
public class LlmChatProducer extends RoutingProducer {

    public LlmChatProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void dispatch(LlmEngine engine, Exchange exchange, AsyncCallback callback) {
        Message in = exchange.getMessage();
        BodyForm form = BodyForm.of(in.getBody());
        ChatRequest request = form.read(in.getBody());
        RouteOptions options = getEndpoint().routeOptions(exchange, request.removeExtra("router"))
                .withCacheBody(request.removeExtra("cache"));
        StreamFormat format = StreamFormat.of(in, getEndpoint().getConfiguration());
        ChatDispatch.dispatch(engine, exchange, request, options, form::write,
                format.deliver(exchange, OpenAiDialect.INSTANCE, callback));
    }
}
