package io.llmrouter.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.llmrouter.provider.ProviderTypes;
import io.llmrouter.provider.bedrock.AwsCredentials;
import io.llmrouter.provider.bedrock.BedrockSettings;
import org.junit.jupiter.api.Test;

/** A bedrock provider takes a region and AWS key variables; without the keys it is disabled, as other providers are. */
class BedrockCatalogTest {

    private static final String YAML = """
            providers:
              - id: bedrock
                type: bedrock
                region: eu-central-1
                aws_access_key_env: AK
                aws_secret_key_env: SK
                aws_session_token_env: ST
            models:
              - id: bedrock/haiku
                provider: bedrock
                upstream: anthropic.claude-3-5-haiku-20241022-v1:0
              - id: bedrock/*
                provider: bedrock
            """;

    @Test
    void derivesTheEndpointFromTheRegionAndReadsTheKeys() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("AK", "AKIDEXAMPLE", "SK", "secret-key", "ST", "token"));
        Provider p = c.provider("bedrock").orElseThrow();
        assertThat(p.enabled()).isTrue();
        assertThat(p.type()).isEqualTo(ProviderTypes.BEDROCK);
        assertThat(p.baseUrl()).isEqualTo("https://bedrock-runtime.eu-central-1.amazonaws.com");
        assertThat(p.settings(BedrockSettings.class).region()).isEqualTo("eu-central-1");
        assertThat(p.settings(BedrockSettings.class).aws()).isEqualTo(new AwsCredentials("AK", "AKIDEXAMPLE", "secret-key", "token"));
        assertThat(p.toString()).doesNotContain("secret-key").doesNotContain("AKIDEXAMPLE");
    }

    @Test
    void passesAnyModelIdUnderTheWildcardOnUnchanged() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("AK", "AKIDEXAMPLE", "SK", "secret-key"));
        Deployment d = c.resolve("bedrock/us.meta.llama3-2-3b-instruct-v1:0").orElseThrow();
        assertThat(d.model().upstream()).isEqualTo("us.meta.llama3-2-3b-instruct-v1:0");
        assertThat(d.provider().settings(BedrockSettings.class).aws().sessionToken()).isNull();
    }

    @Test
    void disablesTheProviderWhenAKeyVariableIsUnsetAndSaysWhich() {
        assertThat(CatalogYaml.parse(YAML).provider("bedrock").orElseThrow().disabledReason())
                .isEqualTo("AK is not set");
        assertThat(CatalogYaml.parse(YAML, Map.of("AK", "AKIDEXAMPLE")).provider("bedrock").orElseThrow()
                .disabledReason()).isEqualTo("SK is not set");
    }

    @Test
    void keepsAnOverriddenBaseUrlForTests() {
        Catalog c = CatalogYaml.parse(YAML.replace("region: eu-central-1", "region: eu-central-1\n    base_url: http://127.0.0.1:9999/"),
                Map.of("AK", "a", "SK", "s"));
        assertThat(c.provider("bedrock").orElseThrow().baseUrl()).isEqualTo("http://127.0.0.1:9999");
    }

    @Test
    void requiresARegionAndRejectsAwsFieldsOnOtherTypes() {
        assertThatThrownBy(() -> CatalogYaml.parse(YAML.replace("    region: eu-central-1\n", "")))
                .isInstanceOf(CatalogException.class).hasMessageContaining("(bedrock)").hasMessageContaining("'region'");
        assertThatThrownBy(() -> CatalogYaml.parse("""
                providers:
                  - id: openai
                    type: openai
                    base_url: https://api.example.com/v1
                    region: us-east-1
                models: []
                """)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("region is only allowed for type bedrock");
    }

    @Test
    void theDefaultCatalogShipsABedrockPreset() {
        Catalog c = new CatalogLoader(Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "s")::get)
                .load("classpath:" + CatalogLoader.DEFAULT_RESOURCE);
        Provider p = c.provider("bedrock").orElseThrow();
        assertThat(p.enabled()).isTrue();
        assertThat(p.baseUrl()).isEqualTo("https://bedrock-runtime.us-east-1.amazonaws.com");
        assertThat(c.resolve("bedrock/claude-3-5-haiku").orElseThrow().model().upstream())
                .isEqualTo("anthropic.claude-3-5-haiku-20241022-v1:0");
        assertThat(c.resolve("bedrock/llama-3-1-8b").orElseThrow().model().upstream())
                .isEqualTo("meta.llama3-1-8b-instruct-v1:0");
    }
}
