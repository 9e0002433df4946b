package io.llmrouter.camel;

import io.llmrouter.api.CancelToken;
import io.llmrouter.engine.LlmEngine;
import io.llmrouter.engine.RouteOptions;
import io.llmrouter.governance.Caller;
import io.llmrouter.governance.Governance;
import io.llmrouter.governance.Tab;
import io.llmrouter.telemetry.RequestTrace;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Routes chat completions and embeddings to the best model of the catalog, with failover, and lists the catalog's
 * models.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "llm,llm-router", title = "LLM Router", syntax = "llm:operation",
             producerOnly = true, category = { Category.AI }, headersClass = LlmHeaders.class)
public class LlmEndpoint extends DefaultEndpoint {

    @UriPath(enums = "chat,embeddings,models,route,messages,count-tokens,responses,completions")
    @Metadata(required = true, description = "chat, embeddings, models, route (the routing decision for a chat "
                                             + "request, without calling any model), messages (Anthropic's Messages "
                                             + "API), count-tokens (Anthropic's count_tokens), responses (OpenAI's "
                                             + "Responses API) or completions (OpenAI's legacy completions)")
    private final String operation;
    @UriParam
    private final LlmConfiguration configuration;

    public LlmEndpoint(String uri, LlmComponent component, String operation, LlmConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return switch (operation) {
            case "chat" -> new LlmChatProducer(this);
            case "embeddings" -> new LlmEmbeddingsProducer(this);
            case "route" -> new LlmRouteProducer(this);
            case "messages" -> new LlmMessagesProducer(this);
            case "count-tokens" -> new LlmCountTokensProducer(this);
            case "responses" -> new LlmResponsesProducer(this);
            case "completions" -> new LlmCompletionsProducer(this);
            default -> new LlmModelsProducer(this);
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("llm: endpoints only send; receive requests with platform-http");
    }

    @Override
    public LlmComponent getComponent() {
        return (LlmComponent) super.getComponent();
    }

    public LlmEngine engine() {
        return getComponent().getEngine();
    }

    /**
     * This endpoint's options for one exchange: the caller's preferences from {@code x-llmrouter-*} headers and the
     * body's {@code router} object, and the transport's cancel token and request trace when it set them.
     */
    RouteOptions routeOptions(Exchange exchange, Object routerBody) {
        CancelToken cancel = exchange.getProperty(LlmHeaders.CANCEL_TOKEN_PROPERTY, CancelToken.class);
        Governance governance = getComponent().getGovernance();
        Tab tab = governance == null ? Tab.NONE
                : governance.open(exchange.getProperty(LlmHeaders.CALLER_PROPERTY, Caller.class));
        RouteOptions options = configuration.routeOptions().withTab(tab).forCaller(exchange.getMessage().getHeaders(),
                routerBody, cancel != null ? cancel : new CancelToken());
        RequestTrace trace = exchange.getProperty(LlmHeaders.TRACE_PROPERTY, RequestTrace.class);
        return trace == null ? options : options.withTrace(trace);
    }

    public String getOperation() {
        return operation;
    }

    public LlmConfiguration getConfiguration() {
        return configuration;
    }
}
