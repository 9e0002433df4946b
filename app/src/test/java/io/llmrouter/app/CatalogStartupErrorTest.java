package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.llmrouter.catalog.CatalogException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken catalog stops the gateway before it listens, with a message naming the file and the faulty entry. */
class CatalogStartupErrorTest {

    @TempDir
    Path dir;

    @Test
    void modelNamingAnUndefinedProviderFailsStartNamingFileAndEntry() throws Exception {
        Path catalog = Files.writeString(dir.resolve("broken.yaml"), """
                providers:
                  - id: fake
                    type: openai
                    base_url: http://127.0.0.1:1/v1
                models:
                  - id: good-model
                    provider: fake
                  - id: broken-model
                    provider: nowhere
                """);

        assertThatThrownBy(() -> new Gateway(new GatewayOptions(0, catalog.toString(), null, 1024), Map.<String, String>of()::get))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(catalog.toString())
                .hasMessageContaining("models[1] (broken-model)")
                .hasMessageContaining("provider 'nowhere' is not defined");
    }

    @Test
    void providerWithABadFieldFailsStartNamingFileEntryAndField() throws Exception {
        Path catalog = Files.writeString(dir.resolve("bad-provider.yaml"), """
                providers:
                  - id: fake
                    type: openai
                    base_url: http://127.0.0.1:1/v1
                    enabled: maybe
                models:
                  - id: m
                    provider: fake
                """);

        assertThatThrownBy(() -> new Gateway(new GatewayOptions(0, catalog.toString(), null, 1024), Map.<String, String>of()::get))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(catalog.toString())
                .hasMessageContaining("providers[0] (fake)")
                .hasMessageContaining("enabled");
    }

    @Test
    void missingCatalogFileFailsStartNamingTheFile() {
        Path missing = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> new Gateway(new GatewayOptions(0, missing.toString(), null, 1024), Map.<String, String>of()::get))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
    }
}
