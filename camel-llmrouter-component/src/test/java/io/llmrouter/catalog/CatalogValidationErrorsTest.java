package io.llmrouter.catalog;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every mistake in a catalog file fails the load with a message naming the file, the entry and the field. */
class CatalogValidationErrorsTest {

    private static final String PROVIDERS = """
            providers:
              - id: p
                type: openai
                base_url: http://localhost:1/v1
            """;

    /** Two good models first, so the broken one is models[2]. */
    private static String models(String third) {
        return PROVIDERS + """
                models:
                  - id: a
                    provider: p
                  - id: b
                    provider: p
                """ + third.indent(2);
    }

    private static void failsWith(String yaml, String... fragments) {
        var thrown = assertThatThrownBy(() -> CatalogYaml.parse(yaml)).isInstanceOf(CatalogException.class)
                .hasMessageStartingWith(CatalogYaml.FILE + ": ");
        for (String f : fragments) {
            thrown.hasMessageContaining(f);
        }
    }

    @Test
    void rejectsAnUnknownFieldNamingTheModelAndTheField() {
        failsWith(models("""
                - id: gpt-x
                  provider: p
                  pirce: { input: 1 }
                """), "models[2] (gpt-x)", "unknown field 'pirce'");
    }

    @Test
    void rejectsAnUnknownFieldOfAProviderNamingTheProvider() {
        failsWith("""
                providers:
                  - id: p
                    type: openai
                    base_url: http://localhost:1/v1
                    apikey_env: X
                models: []
                """, "providers[0] (p)", "unknown field 'apikey_env'");
    }

    @Test
    void rejectsAnUnknownTopLevelField() {
        failsWith(PROVIDERS + "models: []\nmodles: []\n", "catalog", "unknown field 'modles'");
    }

    @Test
    void rejectsALearnedModelFileThatIsNotThere() {
        failsWith("""
                providers: [{ id: p, type: sim }]
                models: [{ id: m, provider: p }]
                learned: { model_file: classpath:no/such/model.bin, profiles: { m: x } }
                """, "learned: model_file", "classpath:no/such/model.bin", "not found");
        failsWith("""
                providers: [{ id: p, type: sim }]
                models: [{ id: m, provider: p }]
                learned: { model_file: /no/such/model.bin, profiles: { m: x } }
                """, "learned: model_file", "/no/such/model.bin");
    }

    @Test
    void rejectsAModelWithoutId() {
        failsWith(models("""
                - provider: p
                  upstream: x
                """), "models[2]", "'id' is required");
    }

    @Test
    void rejectsADuplicateModelId() {
        failsWith(models("""
                - id: a
                  provider: p
                """), "models[2] (a)", "the name 'a' is already used by model 'a'");
    }

    @Test
    void rejectsAnAliasThatIsAnotherModelsId() {
        failsWith(models("""
                - id: gpt-x
                  aliases: [b]
                  provider: p
                """), "models[2] (gpt-x)", "the name 'b' is already used by model 'b'");
    }

    @Test
    void rejectsADuplicateProviderId() {
        failsWith("""
                providers:
                  - id: p
                    type: sim
                  - id: p
                    type: sim
                models: []
                """, "providers[1] (p)", "duplicate provider id 'p'");
    }

    @Test
    void rejectsAModelOfAnUndefinedProvider() {
        failsWith(models("""
                - id: gpt-x
                  provider: nope
                """), "models[2] (gpt-x)", "provider 'nope' is not defined");
    }

    @Test
    void rejectsANegativePrice() {
        failsWith(models("""
                - id: gpt-x
                  provider: p
                  price: { input: 1, output: -2 }
                """), "models[2] (gpt-x): price", "output must be >= 0, was -2");
    }

    @Test
    void rejectsAPriceThatIsNotANumber() {
        failsWith(models("""
                - id: gpt-x
                  provider: p
                  price: { input: cheap }
                """), "models[2] (gpt-x): price", "input must be a number, was 'cheap'");
    }

    @Test
    void rejectsAnUnknownCapability() {
        failsWith(models("""
                - id: gpt-x
                  provider: p
                  capabilities: [chat, telepathy]
                """), "models[2] (gpt-x)", "unknown capability 'telepathy'", "known: chat, tools");
    }

    @Test
    void rejectsABaseUrlThatIsNotHttp() {
        failsWith("""
                providers:
                  - id: p
                    type: openai
                    base_url: localhost:8000/v1
                models: []
                """, "providers[0] (p)", "base_url must start with http:// or https://", "'localhost:8000/v1'");
    }

    @Test
    void rejectsAnOpenAiProviderWithoutBaseUrl() {
        failsWith("""
                providers:
                  - id: p
                    type: openai
                models: []
                """, "providers[0] (p)", "base_url is required");
    }

    @Test
    void rejectsAnUnknownProviderType() {
        failsWith("""
                providers:
                  - id: p
                    type: grpc
                models: []
                """, "providers[0] (p)", "type 'grpc' is not one of: openai, anthropic, bedrock, azure, gemini, sim");
    }

    @Test
    void rejectsAQualityAboveOne() {
        failsWith(models("""
                - id: gpt-x
                  provider: p
                  quality: 1.5
                """), "models[2] (gpt-x)", "quality must be between 0 and 1, was 1.5");
    }

    @Test
    void rejectsAnUnknownSimulatedErrorKind() {
        failsWith("""
                providers:
                  - id: s
                    type: sim
                models:
                  - id: sim-a
                    provider: s
                    sim: { error_rate: 0.1, error_kinds: [server_error, meltdown] }
                """, "models[0] (sim-a): sim", "unknown error kind 'meltdown'", "known: rate_limit");
    }

    @Test
    void rejectsSimSettingsOnARealProvidersModel() {
        failsWith(models("""
                - id: gpt-x
                  provider: p
                  sim: { ttft_ms: 5 }
                """), "models[2] (gpt-x)", "sim settings are only allowed");
    }

    @Test
    void rejectsAWildcardThatIsNotAPrefix() {
        failsWith(models("""
                - id: gpt-*
                  provider: p
                """), "models[2] (gpt-*)", "prefix/*");
    }

    @Test
    void rejectsAnInvalidEnabledValue() {
        failsWith("""
                providers:
                  - id: p
                    type: sim
                    enabled: sometimes
                models: []
                """, "providers[0] (p)", "enabled must be true, false or if-no-keys", "'sometimes'");
    }

    @Test
    void rejectsAFileThatIsNotYaml() {
        failsWith("providers: [\n", "not valid YAML");
    }

    @Test
    void rejectsAFileWithoutModels() {
        failsWith(PROVIDERS, "catalog", "'models' is required");
    }
}
