package io.llmrouter.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Callers name models by id, by alias or as provider/NAME through a wildcard entry. */
class CatalogNameResolutionTest {

    private static final Catalog CATALOG = CatalogYaml.parse("""
            providers:
              - id: groq
                type: openai
                base_url: https://api.groq.example/v1
                api_key_env: GROQ_KEY
              - id: together
                type: openai
                base_url: https://api.together.example/v1
                api_key_env: TOGETHER_KEY
            models:
              - id: llama-fast
                aliases: [fast, quick]
                provider: groq
                upstream: llama-3.1-8b-instant
                price: { input: 0.05, output: 0.08 }
              - id: groq/*
                provider: groq
                price: { input: 1, output: 1 }
                capabilities: [chat, tools]
              - id: together/llama-70b
                provider: together
                upstream: meta-llama/Llama-3.3-70B
              - id: together/*
                provider: together
            """, Map.of("GROQ_KEY", "g", "TOGETHER_KEY", "t"));

    @Test
    void resolvesAModelById() {
        Deployment d = CATALOG.resolve("llama-fast").orElseThrow();
        assertThat(d.model().upstream()).isEqualTo("llama-3.1-8b-instant");
        assertThat(d.provider().id()).isEqualTo("groq");
    }

    @Test
    void resolvesAliasesToTheSameDeployment() {
        Deployment byId = CATALOG.resolve("llama-fast").orElseThrow();
        assertThat(CATALOG.resolve("fast")).containsSame(byId);
        assertThat(CATALOG.resolve("quick")).containsSame(byId);
    }

    @Test
    void resolvesAWildcardNameWithTheRestAsUpstreamName() {
        Deployment d = CATALOG.resolve("groq/some-model").orElseThrow();
        assertThat(d.id()).isEqualTo("groq/some-model");
        assertThat(d.model().upstream()).isEqualTo("some-model");
        assertThat(d.provider().id()).isEqualTo("groq");
        assertThat(d.model().inputPrice()).as("prices of the wildcard entry").isEqualTo(1.0);
        assertThat(d.model().can(Capability.TOOLS)).isTrue();
    }

    @Test
    void keepsFurtherSlashesInTheUpstreamNameOfAWildcard() {
        assertThat(CATALOG.resolve("together/mistralai/Mixtral-8x7B").orElseThrow().model().upstream())
                .isEqualTo("mistralai/Mixtral-8x7B");
    }

    @Test
    void prefersAnExplicitEntryOverTheWildcardOfItsPrefix() {
        assertThat(CATALOG.resolve("together/llama-70b").orElseThrow().model().upstream())
                .isEqualTo("meta-llama/Llama-3.3-70B");
    }

    @Test
    void resolvesTheSameWildcardNameToTheSameDeploymentEveryTime() {
        assertThat(CATALOG.resolve("groq/x")).containsSame(CATALOG.resolve("groq/x").orElseThrow());
    }

    @Test
    void resolvesNothingForUnknownNamesOrAnEmptyWildcardName() {
        assertThat(CATALOG.resolve("gpt-4o")).isEmpty();
        assertThat(CATALOG.resolve("groq/")).isEmpty();
        assertThat(CATALOG.resolve("openai/gpt-4o")).isEmpty();
        assertThat(CATALOG.resolve("/x")).isEmpty();
    }

    @Test
    void listsWildcardsApartFromNamedDeployments() {
        assertThat(CATALOG.deployments()).extracting(Deployment::id).containsExactly("llama-fast", "together/llama-70b");
        assertThat(CATALOG.wildcards()).containsOnlyKeys("groq/", "together/");
    }

    @ParameterizedTest
    @ValueSource(strings = { "groq/x y", "groq/x?alt=1&key=y#", "groq/100%", "groq/modèle-模型", "groq/...x",
            "groq/x..y", "together/meta-llama/Llama-3" })
    void passesOnWildcardNamesThatAreEscapedWhereverTheyGo(String name) {
        assertThat(CATALOG.resolve(name).orElseThrow().model().upstream())
                .isEqualTo(name.substring(name.indexOf('/') + 1));
    }

    @ParameterizedTest
    @ValueSource(strings = { "groq/..", "groq/.", "groq/../../evil", "groq/a/../b", "groq/a/.", "groq/x\ny",
            "groq/x\u0000", "groq/x\u007f" })
    void refusesWildcardNamesNoProviderHasWithAReason(String name) {
        assertThat(CATALOG.resolve(name)).isEmpty();
        assertThat(CATALOG.whyUnavailable(name)).contains("is not valid");
    }

    @Test
    void refusesWildcardNamesOverTheLengthCap() {
        String longest = "groq/" + "a".repeat(Catalog.MAX_WILDCARD_NAME);
        assertThat(CATALOG.resolve(longest)).isPresent();
        assertThat(CATALOG.resolve(longest + "a")).isEmpty();
        assertThat(CATALOG.whyUnavailable(longest + "a")).contains("is not valid: longer than 256 characters")
                .hasSizeLessThan(200);
    }
}
