package io.llmrouter.provider.openai;

import java.util.LinkedHashMap;
import java.util.Map;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Provider;

/**
 * Where a call in OpenAI's wire format goes and how it authenticates. Services that speak the same wire (OpenAI and
 * the compatible servers, Azure OpenAI) differ only here, so they share {@link OpenAiAdapter}.
 */
public interface OpenAiTarget {

    /** OpenAI and the compatible servers: {@code {base}/chat/completions}, a bearer token, the model in the body. */
    OpenAiTarget OPENAI = new OpenAiTarget() {
        @Override
        public String url(Deployment d, String operation) {
            return d.provider().baseUrl() + "/" + operation;
        }

        @Override
        public Map<String, String> headers(Provider p) {
            Map<String, String> h = new LinkedHashMap<>(p.headers());
            if (p.apiKey() != null) {
                h.put("Authorization", "Bearer " + p.apiKey());
            }
            return h;
        }

        @Override
        public String bodyModel(Deployment d) {
            return d.model().upstream();
        }
    };

    /** The URL of an operation ({@code chat/completions} or {@code embeddings}) of the deployment. */
    String url(Deployment d, String operation);

    /** The provider's own headers with the ones that authenticate the call. */
    Map<String, String> headers(Provider p);

    /** The {@code model} to send in the body, or null when the URL already names it. */
    String bodyModel(Deployment d);
}
