package io.llmrouter.provider.azure;

import io.llmrouter.catalog.ProviderSettings;

/** @param apiVersion the {@code api-version} every call names */
public record AzureSettings(String apiVersion) implements ProviderSettings {

    /** The Azure OpenAI GA API version used when a provider names none. */
    public static final String DEFAULT_API_VERSION = "2024-10-21";
}
