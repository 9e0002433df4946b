package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The read-only endpoints answer JSON: the catalog as OpenAI's model list, and the health and readiness probes. */
class ModelsAndHealthTest extends GatewayTestSupport {

    @Test
    void modelsListHasOpenAisListShapeWithTheCatalogsModels() throws Exception {
        HttpResponse<String> r = get("/v1/models");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = json(r);
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data").isArray()).isTrue();
        List<String> ids = new ArrayList<>();
        for (JsonNode m : body.path("data")) {
            assertThat(m.path("object").asText()).isEqualTo("model");
            assertThat(m.path("id").asText()).isNotBlank();
            assertThat(m.has("created")).isTrue();
            assertThat(m.path("owned_by").asText()).isNotBlank();
            ids.add(m.path("id").asText());
        }
        assertThat(ids).contains("model-a", "model-b", "embed-a").doesNotContain("up-a");
    }

    @Test
    void modelsListCarriesAliasesPricesAndCapabilities() throws Exception {
        JsonNode data = json(get("/v1/models")).path("data");

        JsonNode b = find(data, "model-b");
        assertThat(b.path("aliases")).hasSize(1);
        assertThat(b.path("aliases").get(0).asText()).isEqualTo("bee");
        assertThat(b.path("owned_by").asText()).isEqualTo("fake");
        JsonNode a = find(data, "model-a");
        assertThat(a.path("pricing").path("input_per_million").asDouble()).isEqualTo(1.0);
        assertThat(a.path("pricing").path("output_per_million").asDouble()).isEqualTo(2.0);
        assertThat(a.path("context_window").asInt()).isEqualTo(8000);
        assertThat(a.path("capabilities").toString()).contains("\"tools\"", "\"streaming\"");
    }

    @Test
    void aliasFromTheModelsListRoutesToItsModel() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat("bee", null));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("model").asText()).isEqualTo("model-b");
        assertThat(upstream.attempts("up-b")).isEqualTo(1);
    }

    @Test
    void healthAnswersUpAsJson() throws Exception {
        HttpResponse<String> r = get("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        assertThat(json(r).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void readinessAnswersReadyAsJson() throws Exception {
        HttpResponse<String> r = get("/ready");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        assertThat(json(r).path("status").asText()).isEqualTo("READY");
    }

    private static JsonNode find(JsonNode data, String id) {
        for (JsonNode m : data) {
            if (m.path("id").asText().equals(id)) {
                return m;
            }
        }
        throw new AssertionError(id + " is not in the models list " + data);
    }
}
