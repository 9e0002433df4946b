package io.llmrouter.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Providers without their key or URL variable are disabled with a reason; the simulator stands in only alone. */
class ProviderEnablementTest {

    private static final String YAML = """
            providers:
              - id: openai
                type: openai
                base_url: https://api.example.com/v1
                api_key_env: OPENAI_KEY
              - id: vllm
                type: openai
                base_url_env: VLLM_URL
              - id: offline
                type: openai
                base_url: http://localhost:1
                enabled: false
              - id: sim
                type: sim
                enabled: if-no-keys
            models:
              - id: gpt-x
                aliases: [ex]
                provider: openai
              - id: openai/*
                provider: openai
              - id: local
                provider: vllm
                upstream: meta/llama
              - id: never
                provider: offline
              - id: sim-a
                provider: sim
            """;

    @Test
    void disablesAProviderWhoseKeyVariableIsUnsetAndSaysWhichVariable() {
        Catalog c = CatalogYaml.parse(YAML);

        Provider p = c.provider("openai").orElseThrow();
        assertThat(p.enabled()).isFalse();
        assertThat(p.disabledReason()).isEqualTo("OPENAI_KEY is not set");
        assertThat(p.apiKey()).isNull();
    }

    @Test
    void treatsABlankKeyAsUnset() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("OPENAI_KEY", "  "));

        assertThat(c.provider("openai").orElseThrow().disabledReason()).isEqualTo("OPENAI_KEY is not set");
    }

    @Test
    void modelsOfADisabledProviderDoNotResolveAndTheCatalogExplainsWhy() {
        Catalog c = CatalogYaml.parse(YAML);

        assertThat(c.resolve("gpt-x")).isEmpty();
        assertThat(c.resolve("ex")).isEmpty();
        assertThat(c.resolve("openai/gpt-5")).isEmpty();
        assertThat(c.deployments()).extracting(Deployment::id).doesNotContain("gpt-x");
        assertThat(c.whyUnavailable("gpt-x")).contains("'gpt-x'", "provider 'openai' is disabled", "OPENAI_KEY is not set");
        assertThat(c.whyUnavailable("ex")).contains("provider 'openai' is disabled");
        assertThat(c.whyUnavailable("openai/gpt-5")).contains("provider 'openai' is disabled");
        assertThat(c.whyUnavailable("nothing-like-it")).contains("'nothing-like-it' does not exist in the catalog");
    }

    @Test
    void enablesAProviderWhenItsKeyIsSet() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("OPENAI_KEY", "sk-live"));

        assertThat(c.provider("openai").orElseThrow().enabled()).isTrue();
        assertThat(c.resolve("gpt-x")).isPresent();
        assertThat(c.resolve("gpt-x").orElseThrow().provider().apiKey()).isEqualTo("sk-live");
    }

    @Test
    void takesTheBaseUrlFromItsVariable() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("VLLM_URL", "http://gpu-box:8000/v1/"));

        Provider p = c.provider("vllm").orElseThrow();
        assertThat(p.enabled()).isTrue();
        assertThat(p.baseUrl()).isEqualTo("http://gpu-box:8000/v1");
        assertThat(c.resolve("local").orElseThrow().model().upstream()).isEqualTo("meta/llama");
    }

    @Test
    void disablesAProviderWhoseBaseUrlVariableIsUnset() {
        Catalog c = CatalogYaml.parse(YAML);

        assertThat(c.provider("vllm").orElseThrow().disabledReason()).isEqualTo("VLLM_URL is not set");
        assertThat(c.resolve("local")).isEmpty();
    }

    @Test
    void keepsAProviderDisabledInTheFileDisabled() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("OPENAI_KEY", "k"));

        assertThat(c.provider("offline").orElseThrow().disabledReason()).isEqualTo("disabled in the catalog");
        assertThat(c.whyUnavailable("never")).contains("disabled in the catalog");
    }

    @Test
    void enablesTheIfNoKeysProviderWhenNoOtherProviderIsEnabled() {
        Catalog c = CatalogYaml.parse(YAML);

        assertThat(c.provider("sim").orElseThrow().enabled()).isTrue();
        assertThat(c.deployments()).extracting(Deployment::id).containsExactly("sim-a");
    }

    @Test
    void disablesTheIfNoKeysProviderAsSoonAsARealProviderIsEnabled() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("OPENAI_KEY", "sk-live"));

        Provider sim = c.provider("sim").orElseThrow();
        assertThat(sim.enabled()).isFalse();
        assertThat(sim.disabledReason()).contains("only used when no other provider is enabled", "openai");
        assertThat(c.resolve("sim-a")).isEmpty();
        assertThat(c.deployments()).extracting(Deployment::id).containsExactly("gpt-x");
    }

    @Test
    void neverShowsTheApiKeyInToString() {
        String key = "sk-very-secret-0123456789";
        Catalog c = CatalogYaml.parse(YAML, Map.of("OPENAI_KEY", key));

        Provider p = c.provider("openai").orElseThrow();
        assertThat(p.apiKey()).isEqualTo(key);
        assertThat(p.toString()).doesNotContain(key).contains("openai", "OPENAI_KEY");
        assertThat(c.resolve("gpt-x").orElseThrow().toString()).doesNotContain(key);
        assertThat(c.resolve("openai/gpt-5").orElseThrow().toString()).doesNotContain(key);
    }
}
