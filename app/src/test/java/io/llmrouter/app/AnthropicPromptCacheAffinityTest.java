package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.AnthropicBehavior;
import io.llmrouter.testing.AnthropicReply;
import io.llmrouter.testing.FakeAnthropicUpstream;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.Test;

/**
 * Cache affinity in front of two Anthropic deployments of one model, under round-robin: a conversation keeps its
 * deployment, each of its requests marks the shared prefix for Anthropic's prompt cache, and the cache reads the
 * provider reports are billed at the cached price.
 */
class AnthropicPromptCacheAffinityTest {

    private static final String SYSTEM = "You are the support assistant of a bank. Answer in the house style. "
            .repeat(10);

    @Test
    void aConversationStaysOnOneDeploymentWithItsPrefixMarkedForTheCache() throws Exception {
        try (FakeAnthropicUpstream a = FakeAnthropicUpstream.start(); FakeAnthropicUpstream b =
                FakeAnthropicUpstream.start(); GatewayFixture gw = GatewayFixture.start("""
                providers:
                  - { id: anth-a, type: anthropic, base_url: %s, api_key_env: FAKE_KEY }
                  - { id: anth-b, type: anthropic, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: claude-a, provider: anth-a, upstream: claude, price: { input: 3.0, output: 15.0, cached_input: 0.3 } }
                  - { id: claude-b, provider: anth-b, upstream: claude, price: { input: 3.0, output: 15.0, cached_input: 0.3 } }
                """.formatted(a.baseUrl(), b.baseUrl()), Map.of(), "retries=0&cacheAffinityMinChars=200")) {
            for (FakeAnthropicUpstream u : List.of(a, b)) {
                u.on("claude", AnthropicBehavior.reply(AnthropicReply.text("Noted.").withUsage(20, 5, 1000, 0)));
            }
            StringBuilder history = new StringBuilder("{\"role\":\"system\",\"content\":\"" + SYSTEM + "\"}");
            String served = null;
            for (int turn = 0; turn < 4; turn++) {
                String body = "{\"models\":[\"claude-a\",\"claude-b\"],\"messages\":[" + history
                        + ",{\"role\":\"user\",\"content\":\"question " + turn + "\"}]}";
                HttpResponse<String> r = gw.chat(body, "x-llmrouter-strategy", "round-robin");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                String model = r.headers().firstValue("x-llmrouter-model").orElseThrow();
                if (served == null) {
                    served = model;
                }
                assertThat(model).isEqualTo(served);
                // 20 input at $3/M + 1000 cached at $0.30/M + 5 output at $15/M
                assertThat(r.headers().firstValue("x-llmrouter-cost-usd")).contains("0.00043500");
                assertThat(Json.MAPPER.readTree(r.body()).path("usage").path("prompt_tokens_details")
                        .path("cached_tokens").asInt()).isEqualTo(1000);
                history.append(",{\"role\":\"user\",\"content\":\"question ").append(turn)
                        .append("\"},{\"role\":\"assistant\",\"content\":\"Noted.\"}");
            }
            FakeAnthropicUpstream used = served.equals("claude-a") ? a : b;
            assertThat((served.equals("claude-a") ? b : a).requests()).isEmpty();
            List<FakeOpenAiUpstream.Received> requests = used.requests();
            assertThat(requests).hasSize(4);
            for (FakeOpenAiUpstream.Received q : requests) {
                JsonNode sent = q.body();
                assertThat(sent.path("system").get(0).path("cache_control").path("type").asText())
                        .isEqualTo("ephemeral");
                JsonNode messages = sent.path("messages");
                JsonNode lastTurn = messages.get(messages.size() - 1).path("content");
                assertThat(lastTurn.get(lastTurn.size() - 1).has("cache_control")).isFalse();
                if (messages.size() > 1) {
                    JsonNode before = messages.get(messages.size() - 2).path("content");
                    assertThat(before.get(before.size() - 1).path("cache_control").path("type").asText())
                            .isEqualTo("ephemeral");
                }
            }
        }
    }
}
