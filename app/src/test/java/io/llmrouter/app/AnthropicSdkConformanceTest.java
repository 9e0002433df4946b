package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pins down what the official Anthropic Node SDK parses from our /v1/messages, not just what our tests expect. */
class AnthropicSdkConformanceTest {

    private static FakeOpenAiUpstream upstream;
    private static Gateway gateway;
    private static Path catalogFile;

    @BeforeAll
    static void startGateway() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        // a tool call when the request offers tools, text once the tool's result is back, as a model would
        Behavior text = Behavior.text("Hello from the fake upstream.");
        Behavior weather = Behavior.toolCall("get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        upstream.on("up-chat", call -> (call.body().has("tools") && !lastIsToolResult(call.body()) ? weather : text)
                .respond(call));
        catalogFile = Files.createTempFile("anthropic-conformance-catalog", ".yaml");
        // sim-mini as in the default catalog, but answering within milliseconds
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
                  - id: sim-mini
                    provider: sim
                    price: { input: 0.15, output: 0.60 }
                    capabilities: [chat, tools, vision, json_mode, json_schema, streaming]
                    sim: { ttft_ms: 5, jitter: 0, tokens_per_second: 2000, answer_tokens: 12 }
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
        runScript("--model", "sim-mini");
    }

    @Test
    void officialSdkGetsWhatItExpectsFromAnOpenAiUpstreamTranslatedBothWays() throws Exception {
        runScript("--model", "fake-chat");

        List<FakeOpenAiUpstream.Received> requests = upstream.requests("up-chat");
        assertThat(requests).as("requests that reached the upstream").isNotEmpty();
        assertThat(requests).as("the SDK's input_schema, passed on as an OpenAI function's parameters")
                .anySatisfy(r -> assertThat(r.body().path("tools").path(0).path("function").path("parameters")
                        .path("required").toString()).isEqualTo("[\"city\",\"unit\"]"));
        assertThat(requests).as("the SDK's tool_result, passed on as a tool message")
                .anySatisfy(r -> assertThat(lastIsToolResult(r.body())).isTrue());
        assertThat(requests).as("streamed requests that reached the upstream")
                .anyMatch(FakeOpenAiUpstream.Received::streamed);
    }

    private static boolean lastIsToolResult(JsonNode body) {
        JsonNode messages = body.path("messages");
        return messages.size() > 0 && "tool".equals(messages.get(messages.size() - 1).path("role").asText());
    }

    /** Runs the script against the gateway's origin (the SDK appends /v1/messages); fails with its output. */
    private static void runScript(String... modelArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("http://127.0.0.1:" + gateway.port()));
        args.addAll(List.of(modelArgs));
        ConformanceScript.run("anthropic-sdk.mjs", "@anthropic-ai/sdk", args);
    }
}
