package io.llmrouter.camel;

import java.util.List;
import java.util.Map;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.anthropic.AnthropicModels;
import org.apache.camel.Exchange;
import org.apache.camel.util.URISupport;

/**
 * {@code llm:models}: the enabled models of the catalog as OpenAI's list JSON, each with the router's extra facts
 * (provider, prices, context window, capabilities) under the same object; one model when {@link LlmHeaders#MODEL_ID}
 * is set. A message with an {@code anthropic-version} header, which Anthropic's SDKs always send, is answered in
 * Anthropic's shapes instead, paged by the {@code before_id}, {@code after_id} and {@code limit} query parameters.
 */
public class LlmModelsProducer extends JsonAnswerProducer {

    /** The list as last written, and the catalog it was written from: a reload makes a new one. */
    private volatile Written written;

    private record Written(Catalog catalog, Map<String, Object> list, String json) {
    }

    public LlmModelsProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    private Written written() {
        Catalog catalog = getEndpoint().engine().catalog();
        Written w = written;
        if (w == null || w.catalog() != catalog) {
            Map<String, Object> list = getEndpoint().engine().models();
            w = new Written(catalog, list, Json.string(list));
            written = w;
        }
        return w;
    }

    @Override
    Object answer(Exchange exchange) {
        String id = exchange.getMessage().getHeader(LlmHeaders.MODEL_ID, String.class);
        boolean anthropic = exchange.getMessage().getHeader(AnthropicModels.VERSION_HEADER) != null;
        if (id != null) {
            Map<String, Object> model = getEndpoint().engine().model(id).orElseThrow(() -> LlmException.of(
                    ErrorKind.MODEL_NOT_FOUND, 404, "The model '" + (id.length() > 80 ? id.substring(0, 80) + "..."
                            : id) + "' does not exist in the catalog.", "model", "model_not_found", null, null));
            return Json.string(anthropic ? AnthropicModels.model(model) : model);
        }
        Written w = written();
        if (!anthropic) {
            return w.json();
        }
        Map<String, Object> query = query(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data = (List<Map<String, Object>>) w.list().get("data");
        return Json.string(AnthropicModels.page(data, param(query, "before_id"), param(query, "after_id"),
                param(query, "limit")));
    }

    private static Map<String, Object> query(String raw) {
        try {
            return raw == null || raw.isEmpty() ? Map.of() : URISupport.parseQuery(raw);
        } catch (Exception e) {
            throw LlmException.invalid(null, "The query string could not be read.");
        }
    }

    /** A parameter's value; a repeated one is the caller's mistake, read as its first value. */
    private static String param(Map<String, Object> query, String name) {
        Object v = query.get(name);
        if (v instanceof List<?> values) {
            v = values.isEmpty() ? null : values.get(0);
        }
        return v == null || v.toString().isEmpty() ? null : v.toString();
    }
}
