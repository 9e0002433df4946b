package io.llmrouter.catalog;

import java.util.Locale;

/** The wire protocol a provider speaks; each has one adapter. */
public enum ProviderType {
    /** OpenAI and every OpenAI-compatible server (Mistral, Groq, Together, DeepSeek, vLLM, Ollama, ...). */
    OPENAI,
    /** Anthropic's Messages API ({@code POST /v1/messages}). */
    ANTHROPIC,
    /** AWS Bedrock's Converse API ({@code POST /model/{id}/converse}), SigV4-signed. */
    BEDROCK,
    /** Azure OpenAI: OpenAI's wire format at per-deployment URLs with an {@code api-version}, keyed by {@code api-key}. */
    AZURE,
    /** Google's Generative Language API (Gemini): {@code generateContent} and {@code streamGenerateContent}. */
    GEMINI,
    /** The built-in simulated provider: no network, clearly labelled answers. */
    SIM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
