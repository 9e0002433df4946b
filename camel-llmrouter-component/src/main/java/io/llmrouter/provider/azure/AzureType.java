package io.llmrouter.provider.azure;

import java.util.Set;
import java.util.function.Function;

import io.llmrouter.catalog.CatalogEntry;
import io.llmrouter.catalog.ProviderSettings;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.ProviderSpi;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.provider.openai.OpenAiAdapter;

/**
 * Azure OpenAI: OpenAI's wire format at per-deployment URLs with an {@code api-version}, keyed by {@code api-key}; the
 * OpenAI adapter serves it with {@link AzureDeployments}.
 */
public final class AzureType implements ProviderSpi {

    @Override
    public String wireName() {
        return "azure";
    }

    @Override
    public Set<String> fields() {
        return Set.of("api_version");
    }

    @Override
    public ProviderSettings settings(CatalogEntry provider, Function<String, String> env) {
        return new AzureSettings(provider.text("api_version", AzureSettings.DEFAULT_API_VERSION));
    }

    @Override
    public String misplaced(String field) {
        return field + " is only used by type azure";
    }

    @Override
    public ProviderAdapter adapter(UpstreamHttp http) {
        return new OpenAiAdapter(http, new AzureDeployments());
    }
}
