package io.llmrouter.camel;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.openai.OpenAiDialect;
import io.llmrouter.engine.LlmEngine;
import io.llmrouter.engine.RouteOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * {@code llm:chat}: reads the body (canonical request, OpenAI JSON or a prompt), routes it, and answers in the same
 * form. A streamed request answers once its first token is in, with a {@link io.llmrouter.api.ChatStream} or, in the
 * {@code sse} stream format, OpenAI's Server-Sent Events. Never blocks: the exchange continues on the thread that
 * received the upstream answer.
 */
public class LlmChatProducer extends DefaultAsyncProducer {

    private LlmEngine engine;

    public LlmChatProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public LlmEndpoint getEndpoint() {
        return (LlmEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        engine = getEndpoint().engine();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message in = exchange.getMessage();
        BodyForm form;
        ChatRequest request;
        RouteOptions options;
        try {
            form = BodyForm.of(in.getBody());
            request = form.read(in.getBody());
            options = getEndpoint().routeOptions(exchange, request.removeExtra("router"));
            StreamFormat format = StreamFormat.of(in, getEndpoint().getConfiguration());
            ChatDispatch.dispatch(engine, exchange, request, options, form::write,
                    format.deliver(exchange, OpenAiDialect.INSTANCE, callback));
            return false;
        } catch (LlmException | IllegalArgumentException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }
}
