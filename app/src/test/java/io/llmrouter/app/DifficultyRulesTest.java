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
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A catalog rule on the learned router's predicted difficulty, over real HTTP: with a quality model trained here on
 * which even the strong model often fails algebra and every model handles greetings, algebra goes to the reasoning
 * model and greetings are routed as usual; the learned strategy then ranks with the same prediction.
 */
class DifficultyRulesTest {

    private static final String MATH = AlgebraAndGreetingsModel.MATH;
    private static final String HELLO = AlgebraAndGreetingsModel.HELLO;

    private static FakeOpenAiUpstream upstream;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        Path file = AlgebraAndGreetingsModel.trained(0.3);
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: big, provider: fake, upstream: up-big, price: { input: 10.0, output: 30.0 } }
                  - { id: small, provider: fake, upstream: up-small, price: { input: 0.2, output: 0.2 } }
                  - { id: reasoner, provider: fake, upstream: up-reasoner, price: { input: 15.0, output: 60.0 } }
                learned:
                  model_file: %s
                  profiles: { big: strong, small: weak }
                rules:
                  - name: hard-prompts
                    when: { difficulty: { min: 0.5 } }
                    models: [reasoner]
                  - name: easy-for-small
                    when: { difficulty: { max: 0.2, model: small } }
                    models: [big, small]
                    strategy: learned
                """.formatted(upstream.baseUrl(), file.toString().replace("\\", "/")), Map.of(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    private static String ask(String prompt) {
        return """
                {"model":"auto","messages":[{"role":"user","content":%s}]}""".formatted(Json.string(prompt));
    }

    @Test
    void aPromptPredictedHardGoesToTheReasoningModel() throws Exception {
        HttpResponse<String> r = gw.chat(ask(MATH));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-llmrouter-rule")).contains("hard-prompts");
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("reasoner");
    }

    @Test
    void aPromptTheSmallModelHandlesIsRankedByTheSamePrediction() throws Exception {
        HttpRequest route = HttpRequest.newBuilder(URI.create(gw.url("/v1/route"))).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ask(HELLO)))
                .build();
        HttpResponse<String> r = gw.http().send(route, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode decision = Json.MAPPER.readTree(r.body());
        assertThat(decision.path("rule").asText()).isEqualTo("easy-for-small");
        assertThat(decision.path("ranking").get(0).path("components").has("predicted_quality")).isTrue();

        HttpResponse<String> chat = gw.chat(ask(HELLO));
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        assertThat(chat.headers().firstValue("x-llmrouter-rule")).contains("easy-for-small");
        assertThat(chat.headers().firstValue("x-llmrouter-strategy")).contains("learned");
    }
}
