package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The learned strategy over real HTTP: a quality model trained here (the strong model wins on algebra, both do well
 * on greetings) ranks per prompt, shows its predictions in /v1/route and the decision header, and quality_floor sends
 * easy prompts to the cheap model.
 */
class LearnedRoutingTest {

    private static final String MATH = AlgebraAndGreetingsModel.MATH;
    private static final String HELLO = AlgebraAndGreetingsModel.HELLO;

    private static FakeOpenAiUpstream upstream;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        Path file = AlgebraAndGreetingsModel.trained(1.0);
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - id: fake
                    type: openai
                    base_url: %s
                    api_key_env: FAKE_KEY
                models:
                  - id: big
                    provider: fake
                    upstream: up-big
                    price: { input: 10.0, output: 30.0 }
                    capabilities: [chat, streaming]
                  - id: small
                    provider: fake
                    upstream: up-small
                    price: { input: 0.2, output: 0.2 }
                    capabilities: [chat, streaming]
                learned:
                  model_file: %s
                  profiles: { big: strong, small: weak }
                """.formatted(upstream.baseUrl(), file.toString().replace("\\", "/")), Map.of(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    private static HttpResponse<String> route(String prompt, String router) throws Exception {
        String json = """
                {"models":["small","big"],"messages":[{"role":"user","content":%s}],"router":%s}"""
                .formatted(Json.string(prompt), router);
        HttpRequest r = HttpRequest.newBuilder(URI.create(gw.url("/v1/route"))).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return gw.http().send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHardPromptGoesToTheModelPredictedBestAndTheDryRunShowsEachPrediction() throws Exception {
        HttpResponse<String> r = route(MATH, "{\"strategy\":\"learned\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode ranking = Json.MAPPER.readTree(r.body()).path("ranking");
        assertThat(ranking.get(0).path("model").asText()).isEqualTo("big");
        double big = ranking.get(0).path("components").path("predicted_quality").asDouble();
        double small = ranking.get(1).path("components").path("predicted_quality").asDouble();
        assertThat(big).isGreaterThan(small + 0.3);
    }

    @Test
    void withAQualityFloorAnEasyPromptGoesToTheCheapestModelGoodEnough() throws Exception {
        JsonNode easy = Json.MAPPER.readTree(route(HELLO, "{\"strategy\":\"learned\",\"quality_floor\":0.9}").body());
        assertThat(easy.path("ranking").get(0).path("model").asText()).isEqualTo("small");
        JsonNode hard = Json.MAPPER.readTree(route(MATH, "{\"strategy\":\"learned\",\"quality_floor\":0.9}").body());
        assertThat(hard.path("ranking").get(0).path("model").asText()).isEqualTo("big");
    }

    @Test
    void aChatCompletionIsRoutedByPredictedQualityAndExplainsIt() throws Exception {
        upstream.on("up-small", Behavior.text("hi!"));
        HttpResponse<String> r = gw.chat("""
                {"models":["big","small"],"messages":[{"role":"user","content":%s}]}""".formatted(Json.string(HELLO)),
                "x-llmrouter-strategy", "learned", "x-llmrouter-quality-floor", "0.9", "x-llmrouter-explain", "true");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("small");
        JsonNode decision = Json.MAPPER.readTree(r.headers().firstValue("x-llmrouter-ranking").orElseThrow());
        assertThat(decision.path("ranking").get(0).path("components").has("predicted_quality")).isTrue();
    }

    @Test
    void aQualityFloorOutsideZeroToOneIsA400() throws Exception {
        HttpResponse<String> r = route(HELLO, "{\"strategy\":\"learned\",\"quality_floor\":1.5}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("error").path("param").asText())
                .isEqualTo("router.quality_floor");
    }
}
