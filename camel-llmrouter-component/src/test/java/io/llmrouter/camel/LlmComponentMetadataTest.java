package io.llmrouter.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.junit.jupiter.api.Test;

/** The generated component JSON (what Camel's tooling reads) documents every endpoint option of the llm: scheme. */
class LlmComponentMetadataTest {

    private static JsonNode json(String scheme) throws Exception {
        try (InputStream in = LlmComponent.class.getResourceAsStream("/META-INF/io/llmrouter/camel/" + scheme + ".json")) {
            assertThat(in).as("generated %s.json on the classpath", scheme).isNotNull();
            return Json.MAPPER.readTree(in);
        }
    }

    private static List<String> annotatedOptions() {
        List<String> names = new ArrayList<>();
        for (Class<?> type : List.of(LlmEndpoint.class, LlmConfiguration.class)) {
            for (Field f : type.getDeclaredFields()) {
                if ((f.isAnnotationPresent(UriParam.class) || f.isAnnotationPresent(UriPath.class))
                        && !f.getType().equals(LlmConfiguration.class)) {
                    names.add(f.getName());
                }
            }
        }
        return names;
    }

    @Test
    void listsEveryEndpointOptionWithADescription() throws Exception {
        JsonNode properties = json("llm").path("properties");
        List<String> options = annotatedOptions();
        assertThat(options).contains("operation", "model", "strategy", "timeout", "hedgeAfter");
        for (String option : options) {
            assertThat(properties.has(option)).as("option %s in llm.json", option).isTrue();
            assertThat(properties.path(option).path("description").asText()).as("description of %s", option)
                    .isNotBlank();
        }
    }

    @Test
    void describesTheComponentAndItsAlternativeScheme() throws Exception {
        JsonNode component = json("llm").path("component");
        assertThat(component.path("alternativeSchemes").asText()).isEqualTo("llm,llm-router");
        assertThat(component.path("description").asText()).isNotBlank();
        assertThat(json("llm-router").path("properties").size()).isEqualTo(json("llm").path("properties").size());
    }
}
