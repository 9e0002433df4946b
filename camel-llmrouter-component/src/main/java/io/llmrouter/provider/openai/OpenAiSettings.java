package io.llmrouter.provider.openai;

import io.llmrouter.catalog.Provider;
import io.llmrouter.catalog.ProviderSettings;

/**
 * What an {@code openai} provider entry says beyond the common fields.
 *
 * @param nativeResponses the upstream serves OpenAI's Responses API ({@code POST /responses}): a Responses request
 *                        routed to it is sent as it came instead of translated to Chat Completions
 */
public record OpenAiSettings(boolean nativeResponses) implements ProviderSettings {

    /** Whether Responses requests go to this provider natively; false for a provider made without settings. */
    public static boolean nativeResponses(Provider p) {
        return p.settings() instanceof OpenAiSettings s && s.nativeResponses();
    }
}
