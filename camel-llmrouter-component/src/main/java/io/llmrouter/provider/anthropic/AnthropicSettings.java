package io.llmrouter.provider.anthropic;

import io.llmrouter.catalog.ProviderSettings;

/**
 * @param promptCaching whether requests that follow a prompt prefix to this provider (cache affinity, or a caller's
 *                      {@code prompt_cache_key}) mark it for Anthropic's prompt cache; a catalog's
 *                      {@code prompt_caching: false} turns it off (cache writes cost 25 % more than plain input)
 */
public record AnthropicSettings(boolean promptCaching) implements ProviderSettings {
}
