package io.llmrouter.provider;

import java.util.List;

import io.llmrouter.catalog.ProviderType;
import io.llmrouter.provider.anthropic.AnthropicType;
import io.llmrouter.provider.azure.AzureType;
import io.llmrouter.provider.bedrock.BedrockType;
import io.llmrouter.provider.gemini.GeminiAdapter;
import io.llmrouter.provider.openai.OpenAiType;
import io.llmrouter.provider.sim.SimType;

/**
 * The one place provider types are registered. The catalog finds this list through {@link java.util.ServiceLoader}
 * ({@code META-INF/services}), the engine makes one adapter per entry.
 */
public final class ProviderTypes implements ProviderType.Registry {

    /** OpenAI and every OpenAI-compatible server (Mistral, Groq, Together, DeepSeek, vLLM, Ollama, ...). */
    public static final ProviderSpi OPENAI = new OpenAiType();
    /** Anthropic's Messages API ({@code POST /v1/messages}). */
    public static final ProviderSpi ANTHROPIC = new AnthropicType();
    public static final ProviderSpi BEDROCK = new BedrockType();
    public static final ProviderSpi AZURE = new AzureType();
    /** Google's Generative Language API (Gemini): {@code generateContent} and {@code streamGenerateContent}. */
    public static final ProviderSpi GEMINI = new BasicType("gemini", GeminiAdapter::new);
    public static final ProviderSpi SIM = new SimType();

    /** Every type, in the order catalog errors list them. */
    public static final List<ProviderSpi> ALL = List.of(OPENAI, ANTHROPIC, BEDROCK, AZURE, GEMINI, SIM);

    @Override
    public List<ProviderSpi> types() {
        return ALL;
    }
}
