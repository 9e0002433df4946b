package io.llmrouter.provider.anthropic;

import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.ProviderSpi;
import io.llmrouter.provider.UpstreamHttp;

/** Anthropic's Messages API ({@code POST /v1/messages}). */
public final class AnthropicType implements ProviderSpi {

    @Override
    public String wireName() {
        return "anthropic";
    }

    @Override
    public ProviderAdapter adapter(UpstreamHttp http) {
        return new AnthropicAdapter(http);
    }
}
