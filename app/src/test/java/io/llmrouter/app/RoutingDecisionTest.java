package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/** The decision is visible over HTTP: decision headers, the explained ranking, the /v1/route dry run, clear 4xx/503. */
class RoutingDecisionTest extends GatewayTestSupport {

    private static HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDryRunRanksWithoutCallingAnyModel() throws Exception {
        HttpResponse<String> r = post("/v1/route", """
                {"models":["model-a","model-b"],"messages":[{"role":"user","content":"Hi"}],
                 "router":{"strategy":"cost"}}""");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode d = Json.MAPPER.readTree(r.body());
        assertThat(d.path("strategy").asText()).isEqualTo("cost");
        assertThat(d.path("ranking").get(0).path("model").asText()).isEqualTo("model-b");
        assertThat(d.path("ranking").get(0).path("components").has("expected_cost_usd")).isTrue();
        assertThat(d.path("ranking").get(1).path("model").asText()).isEqualTo("model-a");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void theDryRunExplainsExclusions() throws Exception {
        HttpResponse<String> r = post("/v1/route", """
                {"models":["model-a","model-b"],"messages":[{"role":"user","content":"Hi"}],
                 "tools":[{"type":"function","function":{"name":"f"}}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{}}}}""");
        JsonNode d = Json.MAPPER.readTree(r.body());
        assertThat(d.path("ranking")).hasSize(1);
        assertThat(d.path("excluded").get(0).path("model").asText()).isEqualTo("model-b");
        assertThat(d.path("excluded").get(0).path("reason").asText()).isEqualTo("does not support json_schema");
    }

    @Test
    void everyAnswerExplainsItselfWhenAsked() throws Exception {
        upstream.on("up-b", Behavior.text("cheap answer"));
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"models\":[\"model-a\",\"model-b\"],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "x-llmrouter-strategy", "cost", "x-llmrouter-explain", "true");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("model-b");
        assertThat(r.headers().firstValue("x-llmrouter-strategy")).contains("cost");
        assertThat(r.headers().firstValue("x-llmrouter-overhead-ms")).isPresent();
        JsonNode ranking = Json.MAPPER.readTree(r.headers().firstValue("x-llmrouter-ranking").orElseThrow());
        assertThat(ranking.path("ranking").get(0).path("model").asText()).isEqualTo("model-b");
    }

    @Test
    void noExplanationUnlessAsked() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(r.headers().firstValue("x-llmrouter-ranking")).isEmpty();
    }

    @Test
    void allCandidatesFilteredByCapabilityIsA400NamingTheReasons() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model":"model-b","messages":[{"role":"user","content":[{"type":"text","text":"what is it?"},
                 {"type":"image_url","image_url":{"url":"https://example.com/x.png"}}]}]}""");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode e = Json.MAPPER.readTree(r.body()).path("error");
        assertThat(e.path("code").asText()).isEqualTo("no_capable_model");
        assertThat(e.path("message").asText()).contains("model-b does not support vision");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aPriceLimitNobodyMeetsIsA400() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "x-llmrouter-max-price", "0.000000001");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("is over max_price");
    }

    @Test
    void unknownOrIllFormedPreferencesAre400sNamingThem() throws Exception {
        HttpResponse<String> unknown = post("/v1/chat/completions",
                "{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "x-llmrouter-cheapest", "please");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(unknown.body()).path("error").path("param").asText())
                .isEqualTo("x-llmrouter-cheapest");
        HttpResponse<String> badStrategy = post("/v1/chat/completions",
                "{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"router\":{\"strategy\":\"magic\"}}");
        assertThat(badStrategy.statusCode()).isEqualTo(400);
        assertThat(badStrategy.body()).contains("Unknown routing strategy 'magic'");
    }
}
