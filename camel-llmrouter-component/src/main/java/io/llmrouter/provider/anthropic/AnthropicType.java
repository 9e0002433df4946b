package io.llmrouter.provider.anthropic;

import java.util.Set;
import java.util.function.Function;

import io.llmrouter.catalog.CatalogEntry;
import io.llmrouter.catalog.ProviderSettings;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.ProviderSpi;
import io.llmrouter.provider.UpstreamHttp;

/** Anthropic's Messages API ({@code POST /v1/messages}), with its one setting, {@code prompt_caching}. */
public final class AnthropicType implements ProviderSpi {

    private static final String PROMPT_CACHING = "prompt_caching";

    @Override
    public String wireName() {
        return "anthropic";
    }

    @Override
    public Set<String> fields() {
        return Set.of(PROMPT_CACHING);
    }

    @Override
    public ProviderSettings settings(CatalogEntry provider, Function<String, String> env) {
        String v = provider.text(PROMPT_CACHING, "true");
        if (!v.equals("true") && !v.equals("false")) {
            throw provider.error(PROMPT_CACHING + " must be true or false, was '" + v + "'");
        }
        return new AnthropicSettings(Boolean.parseBoolean(v));
    }

    @Override
    public String misplaced(String field) {
        return field + " is only used by type anthropic";
    }

    @Override
    public ProviderAdapter adapter(UpstreamHttp http) {
        return new AnthropicAdapter(http);
    }
}
