package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeAzureUpstream;
import io.llmrouter.testing.FakeGeminiUpstream;
import io.llmrouter.testing.GeminiBehavior;
import io.llmrouter.testing.GeminiReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An OpenAI client at /v1/chat/completions is served by an Azure OpenAI deployment and by a Gemini model alike. */
class OpenAiCallerToNativeProvidersTest {

    private static final String KEY = "sk-test-secret-key-0123456789";

    private static FakeAzureUpstream azure;
    private static FakeGeminiUpstream gemini;
    private static Gateway gateway;
    private static Path catalogFile;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startGateway() throws Exception {
        azure = FakeAzureUpstream.start();
        gemini = FakeGeminiUpstream.start();
        catalogFile = Files.createTempFile("catalog", ".yaml");
        Files.writeString(catalogFile, """
                providers:
                  - id: azure
                    type: azure
                    base_url_env: AZURE_OPENAI_ENDPOINT
                    api_key_env: AZURE_OPENAI_API_KEY
                  - id: gemini
                    type: gemini
                    base_url: %s
                    api_key_env: GEMINI_API_KEY
                models:
                  - id: azure-gpt
                    provider: azure
                    upstream: gpt4o-prod
                    price: { input: 2.5, output: 10.0 }
                    capabilities: [chat, tools, streaming]
                  - id: gemini-flash
                    provider: gemini
                    upstream: gemini-2.0-flash
                    price: { input: 0.10, output: 0.40 }
                    capabilities: [chat, tools, streaming]
                """.formatted(gemini.baseUrl()));
        gateway = new Gateway(new GatewayOptions(0, catalogFile.toString(), null, 64 * 1024),
                Map.of("AZURE_OPENAI_ENDPOINT", azure.baseUrl(), "AZURE_OPENAI_API_KEY", KEY, "GEMINI_API_KEY", KEY)::get,
                Map.of("camel.component.llm.configuration.retries", "0")).start();
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        azure.close();
        gemini.close();
        Files.deleteIfExists(catalogFile);
    }

    @Test
    void anAzureDeploymentAnswersAndStreamsForAnOpenAiClient() throws Exception {
        azure.on("gpt4o-prod", Behavior.text("Hello from Azure"));
        HttpResponse<String> r = post("""
                {"model":"azure-gpt","messages":[{"role":"user","content":"Hi"}]}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("model").asText()).isEqualTo("azure-gpt");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hello from Azure");
        assertThat(azure.uris().get(0)).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");

        azure.on("gpt4o-prod", FakeAzureUpstream.stream("Streamed from Azure", "stop"));
        HttpResponse<String> s = post("""
                {"model":"azure-gpt","stream":true,"messages":[{"role":"user","content":"Hi"}]}""");
        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(text(s.body())).isEqualTo("Streamed from Azure");
        assertThat(s.body().strip()).endsWith("data: [DONE]");
    }

    @Test
    void aGeminiModelAnswersWithToolCallsAndStreamsWithUsageForAnOpenAiClient() throws Exception {
        gemini.on("gemini-2.0-flash", GeminiBehavior.reply(GeminiReply.calls(null, "get_weather", "{\"city\":\"Paris\"}")
                .withUsage(40, 10, 0)));
        HttpResponse<String> r = post("""
                {"model":"gemini-flash","messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
                   "properties":{"city":{"type":"string"}},"additionalProperties":false}}}]}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        JsonNode call = body.path("choices").get(0).path("message").path("tool_calls").get(0);
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(40);
        // 40 input at $0.10/M + 10 output at $0.40/M
        assertThat(r.headers().firstValue("x-llmrouter-cost-usd")).contains("0.00000800");

        gemini.on("gemini-2.0-flash", GeminiBehavior.reply(GeminiReply.text("One two three").withUsage(9, 3, 0)));
        HttpResponse<String> s = post("""
                {"model":"gemini-flash","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Count"}]}""");
        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(text(s.body())).isEqualTo("One two three");
        assertThat(s.body()).contains("\"completion_tokens\":3");
        assertThat(s.body().strip()).endsWith("data: [DONE]");
    }

    private static HttpResponse<String> post(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The content deltas of an SSE body, concatenated. */
    private static String text(String sse) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String line : sse.split("\n")) {
            String data = line.startsWith("data:") ? line.substring(5).strip() : null;
            if (data != null && !data.equals("[DONE]")) {
                for (JsonNode choice : Json.MAPPER.readTree(data).path("choices")) {
                    sb.append(choice.path("delta").path("content").asText(""));
                }
            }
        }
        return sb.toString();
    }
}
