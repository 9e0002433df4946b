package io.llmrouter.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** {@code llm:models} lists the catalog's callable models as OpenAI's model list, with the router's facts on each. */
class LlmModelsProducerTest extends LlmCamelTestSupport {

    @Test
    void listsEnabledModelsAndWildcardsWithPricesAndCapabilities() throws Exception {
        Exchange ex = template.request("llm:models", e -> { });

        assertThat(ex.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        JsonNode list = Json.MAPPER.readTree(ex.getMessage().getBody(String.class));
        assertThat(list.path("object").asText()).isEqualTo("list");
        java.util.List<String> ids = new java.util.ArrayList<>();
        list.path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids).containsExactly("model-a", "model-b", "model-plain", "model-dead", "embed-a", "fake/*");

        JsonNode b = list.path("data").get(1);
        assertThat(b.path("object").asText()).isEqualTo("model");
        assertThat(b.path("owned_by").asText()).isEqualTo("fake");
        assertThat(b.path("aliases").get(0).asText()).isEqualTo("bee");
        assertThat(b.path("provider_type").asText()).isEqualTo("openai");
        assertThat(b.at("/pricing/input_per_million").asDouble()).isEqualTo(0.5);
        assertThat(b.at("/pricing/output_per_million").asDouble()).isEqualTo(1.0);
        java.util.List<String> caps = new java.util.ArrayList<>();
        b.path("capabilities").forEach(c -> caps.add(c.asText()));
        assertThat(caps).containsExactlyInAnyOrder("chat", "tools", "streaming");
        assertThat(list.path("data").get(2).has("pricing")).isFalse();
    }
}
