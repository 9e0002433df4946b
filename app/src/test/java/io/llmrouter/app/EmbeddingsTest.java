package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/** POST /v1/embeddings routes to an embeddings model and answers in OpenAI's list shape under the public model id. */
class EmbeddingsTest extends GatewayTestSupport {

    @Test
    void embeddingsOfSeveralInputsComeBackAsAListOfVectors() throws Exception {
        upstream.on("up-embed", Behavior.embeddings(4));

        HttpResponse<String> r = post("/v1/embeddings", "{\"model\":\"embed-a\",\"input\":[\"first\",\"second\"]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = json(r);
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("model").asText()).isEqualTo("embed-a");
        assertThat(body.path("data")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode e = body.path("data").get(i);
            assertThat(e.path("object").asText()).isEqualTo("embedding");
            assertThat(e.path("index").asInt()).isEqualTo(i);
            assertThat(e.path("embedding")).hasSize(4);
            assertThat(e.path("embedding").get(0).asDouble()).isEqualTo(0.25);
        }
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("embed-a");
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("1");
    }

    @Test
    void embeddingsRequestReachesTheUpstreamModelWithItsInputIntact() throws Exception {
        post("/v1/embeddings", "{\"model\":\"embed-a\",\"input\":\"just one\",\"dimensions\":3,\"encoding_format\":\"float\"}");

        assertThat(upstream.requests("up-embed")).singleElement().satisfies(seen -> {
            assertThat(seen.path()).isEqualTo("/v1/embeddings");
            assertThat(seen.body().path("input").asText()).isEqualTo("just one");
            assertThat(seen.body().path("dimensions").asInt()).isEqualTo(3);
            assertThat(seen.body().path("encoding_format").asText()).isEqualTo("float");
            assertThat(seen.headers().get("authorization")).isEqualTo("Bearer " + KEY);
        });
    }

    @Test
    void embeddingsWithoutInputAreRejectedNamingTheParameter() throws Exception {
        HttpResponse<String> r = post("/v1/embeddings", "{\"model\":\"embed-a\"}");

        JsonNode error = assertOpenAiError(r, 400);
        assertThat(error.path("param").asText()).isEqualTo("input");
        assertThat(upstream.requests()).isEmpty();
    }
}
