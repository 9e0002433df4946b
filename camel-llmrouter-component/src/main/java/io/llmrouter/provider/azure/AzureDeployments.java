package io.llmrouter.provider.azure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.UrlEscape;
import io.llmrouter.provider.openai.OpenAiTarget;

/**
 * Azure OpenAI's addressing: each model is a deployment of the resource, named in the path
 * ({@code {base}/openai/deployments/{deployment}/chat/completions?api-version=...}), so the catalog model's
 * {@code upstream} is the deployment name and the body carries no {@code model}. The key goes in {@code api-key};
 * a provider authenticating with Entra ID instead sets {@code Authorization} in its catalog headers and no key.
 * Everything else is OpenAI's wire format, so the OpenAI adapter does the rest.
 */
public final class AzureDeployments implements OpenAiTarget {

    @Override
    public String url(Deployment d, String operation) {
        Provider p = d.provider();
        return p.baseUrl() + "/openai/deployments/" + UrlEscape.component(d.model().upstream()) + "/" + operation
                + "?api-version=" + UrlEscape.component(p.settings(AzureSettings.class).apiVersion());
    }

    @Override
    public Map<String, String> headers(Provider p) {
        Map<String, String> h = new LinkedHashMap<>(p.headers());
        if (p.apiKey() != null) {
            h.put("api-key", p.apiKey());
        }
        return h;
    }

    @Override
    public String bodyModel(Deployment d) {
        return null;
    }
}
