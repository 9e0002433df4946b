package io.llmrouter.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.llmrouter.catalog.ProviderType;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/** The registry is the one place a provider type is listed: the catalog reads the same list, each entry makes its adapter. */
class ProviderTypesTest {

    @Test
    void theCatalogFindsTheRegistryThroughServiceLoader() {
        assertThat(ProviderType.registered()).containsExactlyElementsOf(ProviderTypes.ALL);
    }

    @Test
    void everyTypeHasItsOwnNameAndFields() {
        List<String> names = ProviderTypes.ALL.stream().map(ProviderType::wireName).toList();
        assertThat(names).doesNotHaveDuplicates().containsExactly("openai", "anthropic", "bedrock", "azure", "gemini",
                "sim");
        List<String> fields = ProviderTypes.ALL.stream().flatMap(t -> t.fields().stream()).toList();
        assertThat(fields).doesNotHaveDuplicates();
    }

    @Test
    void everyTypeMakesAnAdapter() {
        Vertx vertx = Vertx.vertx();
        try (UpstreamHttp http = new UpstreamHttp(vertx, 4)) {
            for (ProviderSpi type : ProviderTypes.ALL) {
                assertThat(type.adapter(http)).as(type.wireName()).isNotNull();
            }
        } finally {
            vertx.close();
        }
    }
}
