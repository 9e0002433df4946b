package io.llmrouter.provider.gemini;

import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.ProviderSpi;
import io.llmrouter.provider.UpstreamHttp;

/** Google's Generative Language API (Gemini): {@code generateContent} and {@code streamGenerateContent}. */
public final class GeminiType implements ProviderSpi {

    @Override
    public String wireName() {
        return "gemini";
    }

    @Override
    public ProviderAdapter adapter(UpstreamHttp http) {
        return new GeminiAdapter(http);
    }
}
