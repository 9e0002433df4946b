package io.llmrouter.telemetry;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.CatalogLoader;

/** A small catalog for the telemetry tests: deployments a (alias ay), b and c of provider p, and p/*. */
final class TelemetryCatalog {

    private TelemetryCatalog() {
    }

    static Catalog of() {
        return new CatalogLoader(Map.of("P_KEY", "sk-test")::get).parse("telemetry.yaml", """
                providers:
                  - { id: p, type: openai, base_url: "http://127.0.0.1:9/v1", api_key_env: P_KEY }
                models:
                  - { id: a, aliases: [ay], provider: p, upstream: up-a }
                  - { id: b, provider: p, upstream: up-b }
                  - { id: c, provider: p, upstream: up-c }
                  - { id: p/*, provider: p }
                """.getBytes(StandardCharsets.UTF_8));
    }
}
