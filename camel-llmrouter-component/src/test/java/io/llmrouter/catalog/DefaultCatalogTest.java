package io.llmrouter.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.llmrouter.provider.ProviderTypes;
import org.junit.jupiter.api.Test;

/** The catalog shipped in the jar loads as it is, and with no keys at all still routes to the simulator. */
class DefaultCatalogTest {

    private static final String LOCATION = "classpath:" + CatalogLoader.DEFAULT_RESOURCE;

    @Test
    void loadsWithAnEmptyEnvironmentAndEnablesOnlySimulatedModels() {
        Catalog c = new CatalogLoader(Map.<String, String>of()::get).load(LOCATION);

        assertThat(c.deployments()).isNotEmpty();
        assertThat(c.deployments()).allSatisfy(d -> assertThat(d.provider().type()).isEqualTo(ProviderTypes.SIM));
        assertThat(c.deployments()).extracting(Deployment::id).contains("sim-mini", "sim-large", "sim-embed");
        assertThat(c.wildcards()).isEmpty();
        assertThat(c.resolve("sim-fast")).isPresent();
        assertThat(c.resolve("gpt-4o")).isEmpty();
        assertThat(c.whyUnavailable("gpt-4o")).contains("OPENAI_API_KEY is not set");
        assertThat(c.providers()).filteredOn(Provider::enabled).extracting(Provider::id).containsExactly("sim");
    }

    @Test
    void switchesFromTheSimulatorToARealProviderOnceItsKeyIsSet() {
        Catalog c = new CatalogLoader(Map.of("GROQ_API_KEY", "gsk-test")::get).load(LOCATION);

        assertThat(c.resolve("llama-3.3-70b-versatile")).isPresent();
        assertThat(c.resolve("groq/qwen-qwq-32b").orElseThrow().model().upstream()).isEqualTo("qwen-qwq-32b");
        assertThat(c.resolve("sim-mini")).isEmpty();
        assertThat(c.deployments()).allSatisfy(d -> assertThat(d.provider().id()).isEqualTo("groq"));
    }

    @Test
    void failsClearlyForAMissingResourceOrFile() {
        CatalogLoader loader = new CatalogLoader(Map.<String, String>of()::get);
        assertThatThrownBy(() -> loader.load("classpath:nope/catalog.yaml")).isInstanceOf(CatalogException.class)
                .hasMessageContaining("classpath:nope/catalog.yaml").hasMessageContaining("no such resource");
        assertThatThrownBy(() -> loader.load("/nonexistent/catalog.yaml")).isInstanceOf(CatalogException.class)
                .hasMessage("/nonexistent/catalog.yaml: no such file");
    }
}
