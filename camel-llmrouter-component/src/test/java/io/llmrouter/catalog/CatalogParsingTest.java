package io.llmrouter.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.llmrouter.provider.ProviderTypes;
import io.llmrouter.provider.sim.SimProfile;
import org.junit.jupiter.api.Test;

/** A valid catalog file becomes providers and models with every field the file gives, and defaults for the rest. */
class CatalogParsingTest {

    private static final String YAML = """
            providers:
              - id: openai
                type: openai
                base_url: https://api.example.com/v1/
                api_key_env: OPENAI_KEY
                headers: { X-Title: test }
                timeouts: { connect_ms: 1500, request_ms: 30000 }
              - id: sim
                type: sim
                sim: { ttft_ms: 10, jitter: 0, tokens_per_second: 500, answer_tokens: 7, error_rate: 0.5, error_kinds: [overloaded] }
            models:
              - id: gpt-x
                aliases: [x, ex]
                provider: openai
                upstream: gpt-x-2025
                price: { input: 2.5, output: 10, cached_input: 1.25 }
                context_window: 128000
                max_output_tokens: 16384
                capabilities: [chat, tools, vision, json_mode, json_schema, streaming]
                tags: [general, code]
                limits: { rpm: 500, tpm: 30000 }
                quality: 0.85
                weight: 3
              - id: plain
                provider: openai
              - id: sim-a
                provider: sim
                sim: { answer_tokens: 3 }
            """;

    @Test
    void readsEveryFieldOfAProvider() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("OPENAI_KEY", "sk-abc"));

        Provider p = c.provider("openai").orElseThrow();
        assertThat(p.type()).isEqualTo(ProviderTypes.OPENAI);
        assertThat(p.baseUrl()).as("trailing slash removed").isEqualTo("https://api.example.com/v1");
        assertThat(p.apiKeyEnv()).isEqualTo("OPENAI_KEY");
        assertThat(p.apiKey()).isEqualTo("sk-abc");
        assertThat(p.headers()).containsExactlyEntriesOf(Map.of("X-Title", "test"));
        assertThat(p.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(p.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.enabled()).isTrue();
        assertThat(c.source()).isEqualTo(CatalogYaml.FILE);
    }

    @Test
    void readsEveryFieldOfAModel() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("OPENAI_KEY", "sk-abc"));

        Model m = c.resolve("gpt-x").orElseThrow().model();
        assertThat(m.aliases()).containsExactly("x", "ex");
        assertThat(m.provider()).isEqualTo("openai");
        assertThat(m.upstream()).isEqualTo("gpt-x-2025");
        assertThat(m.inputPrice()).isEqualTo(2.5);
        assertThat(m.outputPrice()).isEqualTo(10.0);
        assertThat(m.cachedInputPrice()).isEqualTo(1.25);
        assertThat(m.contextWindow()).isEqualTo(128000);
        assertThat(m.maxOutputTokens()).isEqualTo(16384);
        assertThat(m.capabilities()).containsExactlyInAnyOrder(Capability.CHAT, Capability.TOOLS, Capability.VISION,
                Capability.JSON_MODE, Capability.JSON_SCHEMA, Capability.STREAMING);
        assertThat(m.tags()).containsExactly("general", "code");
        assertThat(m.rpm()).isEqualTo(500);
        assertThat(m.tpm()).isEqualTo(30000);
        assertThat(m.quality()).isEqualTo(0.85);
        assertThat(m.weight()).isEqualTo(3.0);
        assertThat(m.settings()).isNull();
    }

    @Test
    void fillsDefaultsForFieldsTheFileLeavesOut() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("OPENAI_KEY", "sk-abc"));

        Model m = c.resolve("plain").orElseThrow().model();
        assertThat(m.upstream()).as("upstream defaults to the id").isEqualTo("plain");
        assertThat(m.capabilities()).containsExactlyInAnyOrder(Capability.CHAT, Capability.STREAMING);
        assertThat(m.inputPrice()).isNull();
        assertThat(m.quality()).isNull();
        assertThat(m.weight()).isEqualTo(1.0);
        assertThat(m.aliases()).isEmpty();
    }

    @Test
    void simModelsInheritTheProviderProfileAndOverrideSingleFields() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("OPENAI_KEY", "sk-abc"));

        SimProfile s = c.resolve("sim-a").orElseThrow().model().settings(SimProfile.class);
        assertThat(s.answerTokens()).isEqualTo(3);
        assertThat(s.ttftMs()).isEqualTo(10.0);
        assertThat(s.tokensPerSecond()).isEqualTo(500.0);
        assertThat(s.errorRate()).isEqualTo(0.5);
        assertThat(s.errorKinds()).containsExactly("overloaded");
    }

    @Test
    void listsDeploymentsInCatalogOrder() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("OPENAI_KEY", "sk-abc"));

        assertThat(c.deployments()).extracting(Deployment::id).containsExactly("gpt-x", "plain", "sim-a");
        assertThat(c.deploymentsWith(Capability.TOOLS)).extracting(Deployment::id).containsExactly("gpt-x");
    }

    @Test
    void pricesADeploymentPerMillionTokensWithCachedInputAtItsOwnPrice() {
        Catalog c = CatalogYaml.parse(YAML, Map.of("OPENAI_KEY", "sk-abc"));

        Deployment d = c.resolve("gpt-x").orElseThrow();
        // 600 uncached at 2.5, 400 cached at 1.25, 100 out at 10
        assertThat(d.cost(1000, 400, 100)).isCloseTo((600 * 2.5 + 400 * 1.25 + 100 * 10) / 1e6,
                org.assertj.core.data.Offset.offset(1e-12));
    }
}
