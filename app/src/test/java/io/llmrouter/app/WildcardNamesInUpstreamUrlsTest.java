package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.FakeAzureUpstream;
import io.llmrouter.testing.FakeGeminiUpstream;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wildcard names are the caller's text in an upstream URL: through the gateway, one kept-alive connection, each odd
 * name is answered at once, either served under its provider's prefix as one escaped segment or refused with a 404,
 * and the connection (the caller's and the pooled upstream one) still serves the next request. A name with a space
 * used to leave the upstream connection waiting until the 600 s request timeout.
 */
class WildcardNamesInUpstreamUrlsTest {

    private static FakeGeminiUpstream gemini;
    private static FakeAzureUpstream azure;
    private static GatewayFixture gw;
    // HTTP/1.1 and one client: every request of a test goes over the same kept-alive connection
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        gemini = FakeGeminiUpstream.start();
        azure = FakeAzureUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - id: gemini
                    type: gemini
                    base_url: %s
                    api_key_env: FAKE_KEY
                  - id: azure
                    type: azure
                    base_url: %s
                    api_key_env: FAKE_KEY
                models:
                  - id: gem/*
                    provider: gemini
                    price: { input: 0.1, output: 0.4 }
                  - id: az/*
                    provider: azure
                    price: { input: 2.5, output: 10 }
                """.formatted(gemini.baseUrl(), azure.baseUrl()),
                Map.of("camel.component.llm.configuration.retries", "0"), null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
        gemini.close();
        azure.close();
    }

    @BeforeEach
    void reset() {
        gemini.reset();
        azure.reset();
    }

    @Test
    void oddGeminiNamesAreServedEscapedUnderModelsOrRefusedAndTheConnectionKeepsServing() throws Exception {
        assertServed("gem/x y");
        assertServed("gem/x?alt=1&key=y#");
        assertServed("gem/100%");
        assertServed("gem/modèle-模型");
        assertRefused("gem/../../evil");
        assertRefused("gem/..");
        assertRefused("gem/x\ny");
        assertRefused("gem/" + "a".repeat(300));
        assertServed("gem/gemini-2.0-flash");

        assertThat(gemini.requests()).extracting(FakeOpenAiUpstream.Received::path).containsExactly(
                "/v1beta/models/x%20y:generateContent",
                "/v1beta/models/x%3Falt%3D1%26key%3Dy%23:generateContent",
                "/v1beta/models/100%25:generateContent",
                "/v1beta/models/mod%C3%A8le-%E6%A8%A1%E5%9E%8B:generateContent",
                "/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(gemini.requests()).allSatisfy(r -> assertThat(r.headers())
                .containsEntry("x-goog-api-key", GatewayFixture.FAKE_KEY));
    }

    @Test
    void oddAzureDeploymentNamesAreServedEscapedUnderDeploymentsOrRefused() throws Exception {
        assertServed("az/x y");
        assertServed("az/x?api-version=1#");
        assertRefused("az/../../evil");
        assertServed("az/gpt4o-prod");

        assertThat(azure.uris()).containsExactly(
                "/openai/deployments/x%20y/chat/completions?api-version=2024-10-21",
                "/openai/deployments/x%3Fapi-version%3D1%23/chat/completions?api-version=2024-10-21",
                "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
    }

    private static void assertServed(String model) throws Exception {
        HttpResponse<String> r = chat(model);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).path("model").asText()).isEqualTo(model);
    }

    private static void assertRefused(String model) throws Exception {
        HttpResponse<String> r = chat(model);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        JsonNode error = Json.MAPPER.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("model_not_found");
        assertThat(error.path("message").asText()).contains("is not valid");
    }

    private static HttpResponse<String> chat(String model) throws Exception {
        String body = Json.MAPPER.writeValueAsString(Map.of("model", model,
                "messages", List.of(Map.of("role", "user", "content", "Hi"))));
        return HTTP.send(HttpRequest.newBuilder(URI.create(gw.url("/v1/chat/completions")))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
