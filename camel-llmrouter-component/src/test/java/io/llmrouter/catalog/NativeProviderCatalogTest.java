package io.llmrouter.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.llmrouter.provider.ProviderTypes;
import io.llmrouter.provider.azure.AzureSettings;
import org.junit.jupiter.api.Test;

/** Azure and Gemini providers load from the catalog: Azure's api_version, and the default catalog's presets. */
class NativeProviderCatalogTest {

    @Test
    void anAzureProviderTakesItsApiVersionOrTheDefaultOne() {
        Catalog c = CatalogYaml.parse("""
                providers:
                  - { id: az1, type: azure, base_url: "https://res.openai.azure.com/", api_version: 2025-01-01-preview }
                  - { id: az2, type: azure, base_url: "https://res.openai.azure.com" }
                models:
                  - { id: a, provider: az1, upstream: my-deployment }
                """);
        assertThat(c.providers()).filteredOn(p -> p.id().equals("az1")).singleElement()
                .satisfies(p -> {
                    assertThat(p.settings(AzureSettings.class).apiVersion()).isEqualTo("2025-01-01-preview");
                    assertThat(p.baseUrl()).isEqualTo("https://res.openai.azure.com");
                });
        assertThat(c.providers()).filteredOn(p -> p.id().equals("az2")).singleElement()
                .satisfies(p -> assertThat(p.settings(AzureSettings.class).apiVersion()).isEqualTo("2024-10-21"));
    }

    @Test
    void anApiVersionOnAnotherTypeIsAnError() {
        assertThatThrownBy(() -> CatalogYaml.parse("""
                providers:
                  - { id: g, type: gemini, base_url: "https://generativelanguage.googleapis.com/v1beta", api_version: x }
                models: []
                """)).isInstanceOf(CatalogException.class).hasMessageContaining("providers[0] (g)")
                .hasMessageContaining("api_version is only used by type azure");
    }

    @Test
    void theDefaultCatalogServesAzureDeploymentsAndGeminiModelsOnceTheirVariablesAreSet() {
        Catalog c = new CatalogLoader(Map.of("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com",
                "AZURE_OPENAI_API_KEY", "az-key", "GEMINI_API_KEY", "g-key")::get)
                .load("classpath:" + CatalogLoader.DEFAULT_RESOURCE);
        Deployment azure = c.resolve("azure/my-gpt-4o").orElseThrow();
        assertThat(azure.provider().type()).isEqualTo(ProviderTypes.AZURE);
        assertThat(azure.model().upstream()).isEqualTo("my-gpt-4o");
        assertThat(azure.provider().settings(AzureSettings.class).apiVersion()).isEqualTo("2024-10-21");
        Deployment flash = c.resolve("gemini-2.0-flash").orElseThrow();
        assertThat(flash.provider().baseUrl()).isEqualTo("https://generativelanguage.googleapis.com/v1beta");
        assertThat(flash.model().outputPrice()).isEqualTo(0.40);
        assertThat(c.resolve("gemini-1.5-pro").orElseThrow().model().inputPrice()).isEqualTo(1.25);
        assertThat(c.resolve("text-embedding-004").orElseThrow().model().can(Capability.EMBEDDINGS)).isTrue();
        assertThat(c.resolve("gemini/gemini-2.5-flash").orElseThrow().model().upstream()).isEqualTo("gemini-2.5-flash");
    }
}
