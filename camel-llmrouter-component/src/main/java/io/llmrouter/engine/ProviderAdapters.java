package io.llmrouter.engine;

import java.util.EnumMap;
import java.util.Map;

import io.llmrouter.catalog.ProviderType;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.provider.anthropic.AnthropicAdapter;
import io.llmrouter.provider.bedrock.BedrockAdapter;
import io.llmrouter.provider.azure.AzureDeployments;
import io.llmrouter.provider.gemini.GeminiAdapter;
import io.llmrouter.provider.openai.OpenAiAdapter;
import io.llmrouter.provider.sim.SimAdapter;
import io.llmrouter.provider.sim.SimControls;

/** One adapter per wire protocol, all sharing one HTTP client. */
public final class ProviderAdapters {

    private final Map<ProviderType, ProviderAdapter> adapters = new EnumMap<>(ProviderType.class);
    private final SimAdapter sim;

    public ProviderAdapters(UpstreamHttp http) {
        sim = new SimAdapter(http.clock());
        adapters.put(ProviderType.OPENAI, new OpenAiAdapter(http));
        adapters.put(ProviderType.ANTHROPIC, new AnthropicAdapter(http));
        adapters.put(ProviderType.BEDROCK, new BedrockAdapter(http));
        adapters.put(ProviderType.AZURE, new OpenAiAdapter(http, new AzureDeployments()));
        adapters.put(ProviderType.GEMINI, new GeminiAdapter(http));
        adapters.put(ProviderType.SIM, sim);
    }

    public SimControls simControls() {
        return sim.controls();
    }

    public ProviderAdapter forType(ProviderType type) {
        ProviderAdapter a = adapters.get(type);
        if (a == null) {
            throw new IllegalStateException("no adapter for provider type " + type);
        }
        return a;
    }
}
