package io.llmrouter.provider.openai;

import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.ProviderSpi;
import io.llmrouter.provider.UpstreamHttp;

/** OpenAI and every OpenAI-compatible server (Mistral, Groq, Together, DeepSeek, vLLM, Ollama, ...). */
public final class OpenAiType implements ProviderSpi {

    @Override
    public String wireName() {
        return "openai";
    }

    @Override
    public ProviderAdapter adapter(UpstreamHttp http) {
        return new OpenAiAdapter(http);
    }
}
