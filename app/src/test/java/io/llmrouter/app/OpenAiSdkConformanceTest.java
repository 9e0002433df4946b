package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pins down what real client libraries parse, not just what our tests expect: the official OpenAI Node SDK. */
class OpenAiSdkConformanceTest {

    private static FakeOpenAiUpstream upstream;
    private static Gateway gateway;
    private static Path catalogFile;

    @BeforeAll
    static void startGateway() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        // a tool call when the request offers tools, text otherwise, as a model would
        Behavior text = Behavior.text("Hello from the fake upstream.");
        Behavior weather = Behavior.toolCall("get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        upstream.on("up-chat", call -> (call.body().has("tools") ? weather : text).respond(call));
        upstream.on("up-embed", Behavior.embeddings(8));
        catalogFile = Files.createTempFile("conformance-catalog", ".yaml");
        // sim models as in the default catalog, but answering within milliseconds
        Files.writeString(catalogFile, """
                providers:
                  - id: fake
                    type: openai
                    base_url: %s
                    api_key_env: FAKE_KEY
                  - id: sim
                    type: sim
                models:
                  - id: fake-chat
                    provider: fake
                    upstream: up-chat
                    price: { input: 1.0, output: 2.0 }
                    capabilities: [chat, tools, json_mode, streaming]
                  - id: fake-embed
                    provider: fake
                    upstream: up-embed
                    capabilities: [embeddings]
                  - id: sim-mini
                    provider: sim
                    price: { input: 0.15, output: 0.60 }
                    capabilities: [chat, tools, vision, json_mode, json_schema, streaming]
                    sim: { ttft_ms: 5, jitter: 0, tokens_per_second: 2000, answer_tokens: 12 }
                  - id: sim-embed
                    provider: sim
                    capabilities: [embeddings]
                    sim: { ttft_ms: 4, jitter: 0 }
                """.formatted(upstream.baseUrl()));
        gateway = new Gateway(new GatewayOptions(0, catalogFile.toString(), null, GatewayOptions.DEFAULT_BODY_LIMIT),
                Map.of("FAKE_KEY", "sk-fake-upstream-key")::get).start();
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (catalogFile != null) {
            Files.deleteIfExists(catalogFile);
        }
    }

    @Test
    void officialSdkGetsWhatItExpectsFromSimulatedModels() throws Exception {
        runScript("--chat", "sim-mini", "--embed", "sim-embed");
    }

    @Test
    void officialSdkGetsWhatItExpectsThroughTheOpenAiAdapterFromAnUpstream() throws Exception {
        runScript("--chat", "fake-chat", "--embed", "fake-embed");

        assertThat(upstream.requests("up-chat")).as("chat requests that reached the upstream").isNotEmpty();
        assertThat(upstream.requests("up-embed")).extracting(r -> r.body().path("encoding_format").asText())
                .as("the SDK's encoding_format, passed on upstream").contains("base64", "float");
    }

    @Test
    void officialSdkSpeaksTheResponsesApiAndLegacyCompletions() throws Exception {
        ConformanceScript.run("openai-sdk-responses.mjs", "openai",
                List.of("http://127.0.0.1:" + gateway.port() + "/v1", "--model", "fake-chat"));

        assertThat(upstream.requests("up-chat")).as("responses and completions, routed as chat requests upstream")
                .allSatisfy(r -> assertThat(r.path()).endsWith("/chat/completions"));
    }

    /** Runs the script with the catalog's model ids as the expected model list; fails with its output. */
    private static void runScript(String... modelArgs) throws IOException, InterruptedException {
        String models = String.join(",", gateway.catalog().deployments().stream().map(Deployment::id).toList());
        List<String> args = new ArrayList<>(List.of("http://127.0.0.1:" + gateway.port() + "/v1", "--models", models));
        args.addAll(List.of(modelArgs));
        ConformanceScript.run("openai-sdk.mjs", "openai", args);
    }
}
