package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.RequestLimits;
import org.junit.jupiter.api.Test;

/**
 * Bodies the gateway once accepted, or choked on, are 400s in OpenAI's error shape naming the field, answered before
 * any upstream is called: trailing data, ill-typed values, non-finite weights, lists over their caps.
 */
class IllTypedAndOversizedInputTest extends GatewayTestSupport {

    private static JsonNode rejected(HttpResponse<String> r, String param) throws Exception {
        JsonNode error = assertOpenAiError(r, 400);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        if (param == null) {
            assertThat(error.path("param").isNull()).as("param of %s", r.body()).isTrue();
        } else {
            assertThat(error.path("param").asText()).as("param of %s", r.body()).isEqualTo(param);
        }
        assertThat(upstream.requests()).isEmpty();
        return error;
    }

    private static HttpResponse<String> postWithHeader(String path, String json, String header, String value)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String names(int n, String prefix) {
        return IntStream.range(0, n).mapToObj(i -> "\"" + prefix + i + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void dataAfterTheJsonBodyIsA400() throws Exception {
        JsonNode error = rejected(post("/v1/chat/completions", chat("model-a", null) + "{\"model\":\"model-b\"}"), null);

        assertThat(error.path("message").asText()).contains("data after the JSON object");
    }

    @Test
    void anUnknownResponseFormatIsA400NamingIt() throws Exception {
        rejected(post("/v1/chat/completions", chat("model-a", "\"response_format\":{\"type\":\"bogus\"}")),
                "response_format.type");
    }

    @Test
    void aNumericStopIsA400NamingIt() throws Exception {
        rejected(post("/v1/chat/completions", chat("model-a", "\"stop\":5")), "stop");
    }

    @Test
    void aDecimalMaxTokensIsA400NamingIt() throws Exception {
        JsonNode error = rejected(post("/v1/chat/completions", chat("model-a", "\"max_tokens\":1.5")), "max_tokens");

        assertThat(error.path("message").asText()).contains("expected an integer");
    }

    @Test
    void notANumberWeightsAreA400NamingTheHeaderOrTheBodyField() throws Exception {
        rejected(postWithHeader("/v1/chat/completions", chat("model-a", null), "x-llmrouter-weights", "cost=NaN"),
                "x-llmrouter-weights");
        rejected(post("/v1/chat/completions", chat("model-a", "\"router\":{\"weights\":{\"cost\":1e400}}")),
                "router.weights");
    }

    @Test
    void moreModelsThanTheCapAreA400NamingTheList() throws Exception {
        String tooMany = names(RequestLimits.MODELS + 1, "fake/m");
        String body = "{\"models\":" + tooMany + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

        rejected(post("/v1/chat/completions", body), "models");
        rejected(post("/v1/route", body), "models");
        rejected(post("/v1/chat/completions", chat("model-a", "\"fallbacks\":" + tooMany)), "fallbacks");
    }

    @Test
    void theLongestAllowedModelsListIsRoutedInOrder() throws Exception {
        // 64 distinct deployments through the fake/* wildcard; the first is ranked first and answers
        String body = "{\"models\":" + names(RequestLimits.MODELS, "fake/m")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

        HttpResponse<String> route = post("/v1/route", body);
        assertThat(route.statusCode()).as(route.body()).isEqualTo(200);
        JsonNode ranking = json(route).path("ranking");
        assertThat(ranking).hasSize(RequestLimits.MODELS);
        assertThat(ranking.get(0).path("model").asText()).isEqualTo("fake/m0");
        assertThat(ranking.get(63).path("model").asText()).isEqualTo("fake/m63");

        HttpResponse<String> r = post("/v1/chat/completions", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("fake/m0");
        assertThat(upstream.requests()).hasSize(1);
        assertThat(upstream.requests().get(0).model()).isEqualTo("m0");
    }

    @Test
    void embeddingsWithNegativeOrHugeDimensionsAreA400NamingThem() throws Exception {
        rejected(post("/v1/embeddings", "{\"model\":\"embed-a\",\"input\":\"x\",\"dimensions\":-5}"), "dimensions");
        rejected(post("/v1/embeddings", "{\"model\":\"embed-a\",\"input\":\"x\",\"dimensions\":1000000000}"),
                "dimensions");
    }

    @Test
    void embeddingsWithTrailingDataOrTooManyInputsAreA400() throws Exception {
        rejected(post("/v1/embeddings", "{\"model\":\"embed-a\",\"input\":\"x\"} []"), null);
        rejected(post("/v1/embeddings", "{\"model\":\"embed-a\",\"input\":" + names(RequestLimits.EMBEDDING_INPUTS + 1, "")
                + "}"), "input");
    }

    @Test
    void anthropicCallersGetTheSameChecksInTheirOwnErrorShape() throws Exception {
        HttpResponse<String> r = post("/v1/messages", "{\"model\":\"claude-a\",\"max_tokens\":10,"
                + "\"stop_sequences\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("stop_sequences");
        assertThat(anthropic.requests()).isEmpty();
    }
}
