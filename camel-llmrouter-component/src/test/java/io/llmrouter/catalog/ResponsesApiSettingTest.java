package io.llmrouter.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.llmrouter.provider.openai.OpenAiSettings;
import org.junit.jupiter.api.Test;

/**
 * Which {@code openai} providers get Responses requests natively: OpenAI's own host unless told otherwise, no other
 * compatible server unless told so.
 */
class ResponsesApiSettingTest {

    @Test
    void openAisOwnHostIsNativeAndOtherServersAreTranslatedByDefault() {
        Catalog c = CatalogYaml.parse("""
                providers:
                  - { id: openai, type: openai, base_url: "https://api.openai.com/v1" }
                  - { id: groq, type: openai, base_url: "https://api.groq.com/openai/v1" }
                  - { id: vllm, type: openai, base_url_env: VLLM_BASE_URL }
                models: []
                """, Map.of("VLLM_BASE_URL", "http://localhost:8000/v1"));
        assertThat(nativeResponses(c, "openai")).isTrue();
        assertThat(nativeResponses(c, "groq")).isFalse();
        assertThat(nativeResponses(c, "vllm")).isFalse();
    }

    @Test
    void theCatalogOverridesTheDefaultEitherWay() {
        Catalog c = CatalogYaml.parse("""
                providers:
                  - { id: openai, type: openai, base_url: "https://api.openai.com/v1", responses_api: translated }
                  - { id: vllm, type: openai, base_url: "http://localhost:8000/v1", responses_api: native }
                models: []
                """);
        assertThat(nativeResponses(c, "openai")).isFalse();
        assertThat(nativeResponses(c, "vllm")).isTrue();
    }

    @Test
    void anUnknownModeOrTheFieldOnAnotherTypeIsAnError() {
        assertThatThrownBy(() -> CatalogYaml.parse("""
                providers:
                  - { id: o, type: openai, base_url: "https://api.openai.com/v1", responses_api: sometimes }
                models: []
                """)).isInstanceOf(CatalogException.class).hasMessageContaining("providers[0] (o)")
                .hasMessageContaining("responses_api must be native or translated, was 'sometimes'");
        assertThatThrownBy(() -> CatalogYaml.parse("""
                providers:
                  - { id: a, type: anthropic, base_url: "https://api.anthropic.com", responses_api: native }
                models: []
                """)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("responses_api is only allowed for type openai");
    }

    private static boolean nativeResponses(Catalog c, String provider) {
        return c.providers().stream().filter(p -> p.id().equals(provider)).findFirst()
                .map(OpenAiSettings::nativeResponses).orElseThrow();
    }
}
