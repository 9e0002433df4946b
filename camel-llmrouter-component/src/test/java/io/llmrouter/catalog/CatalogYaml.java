package io.llmrouter.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Parses catalog YAML given as a string, with a fake environment, as the tests of this package need. */
final class CatalogYaml {

    static final String FILE = "test.yaml";

    private CatalogYaml() {
    }

    static Catalog parse(String yaml) {
        return parse(yaml, Map.of());
    }

    static Catalog parse(String yaml, Map<String, String> env) {
        return new CatalogLoader(env::get).parse(FILE, yaml.getBytes(StandardCharsets.UTF_8));
    }
}
