package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.learned.Example;
import io.llmrouter.learned.MiniLmEmbedder;
import io.llmrouter.learned.QualityModel;
import io.llmrouter.learned.Trainer;
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

    private static final String MATH = "Solve for x: 3x^2 - 12x + 9 = 0, then integrate the result over [0, 2].";
    private static final String HELLO = "Hello there, how are you today?";

    private static FakeOpenAiUpstream upstream;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        List<Example> fixture = new ArrayList<>();
        String[] algebra = { "Solve the quadratic equation 2x^2 + 3x - 5 = 0.",
            "Integrate x^3 * sin(x) dx by parts.", "Find the eigenvalues of the matrix [[2, 1], [1, 2]].",
            "Prove that the square root of 2 is irrational.", "Differentiate ln(x^2 + 1) with respect to x." };
        String[] greetings = { "Hi! How are you?", "Good morning, have a nice day.", "Hello, nice to meet you.",
            "Hey, what's up?", "Thanks, see you later!" };
        for (String p : algebra) {
            fixture.add(new Example(null, null, null, p, Map.of("strong", 0.3, "weak", 0.0)));
        }
        for (String p : greetings) {
            fixture.add(new Example(null, null, null, p, Map.of("strong", 1.0, "weak", 0.95)));
        }
        QualityModel model = new Trainer(new MiniLmEmbedder(), MiniLmEmbedder.NAME, 3, 4, Trainer.DEFAULT_HEAD_WEIGHT).train(fixture);
        Path file = Files.createTempFile("quality-model", ".bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            model.write(out);
        }
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
