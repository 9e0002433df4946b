package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.AnthropicBehavior;
import io.llmrouter.testing.AnthropicReply;
import org.junit.jupiter.api.Test;

/** An OpenAI request at /v1/chat/completions served by an Anthropic model keeps content, tool calls and usage. */
class OpenAiCallerToAnthropicModelTest extends GatewayTestSupport {

    @Test
    void toolCallsAndCachedUsageSurviveTheTripThroughAnthropic() throws Exception {
        anthropic.on("up-claude", AnthropicBehavior.reply(AnthropicReply.tools("Checking both.",
                "get_weather", "{\"city\":\"Paris\"}", "get_weather", "{\"city\":\"Rome\"}").withUsage(40, 50, 1000, 0)));
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model":"claude-a","messages":[{"role":"system","content":"Be brief."},
                  {"role":"user","content":"Weather in Paris and Rome?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        JsonNode message = body.path("choices").get(0).path("message");
        assertThat(message.path("content").asText()).isEqualTo("Checking both.");
        assertThat(message.path("tool_calls")).hasSize(2);
        assertThat(message.path("tool_calls").get(1).path("id").asText()).isEqualTo("toolu_02");
        assertThat(message.path("tool_calls").get(1).path("function").path("arguments").asText())
                .isEqualTo("{\"city\":\"Rome\"}");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(1040);
        assertThat(body.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(1000);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(50);
        // 40 input at $3/M + 1000 cached at $0.30/M + 50 output at $15/M
        assertThat(r.headers().firstValue("x-llmrouter-cost-usd")).contains("0.00117000");

        anthropic.reset();
        anthropic.on("up-claude", AnthropicBehavior.text("Paris is cooler."));
        HttpResponse<String> next = post("/v1/chat/completions", """
                {"model":"claude-a","messages":[{"role":"user","content":"Weather in Paris and Rome?"},
                  {"role":"assistant","content":null,"tool_calls":%s},
                  {"role":"tool","tool_call_id":"toolu_01","content":"18C"},
                  {"role":"tool","tool_call_id":"toolu_02","content":"24C"}]}""".formatted(message.path("tool_calls")));
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(next.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Paris is cooler.");
        JsonNode sent = anthropic.requests().get(0).body().path("messages");
        assertThat(sent).hasSize(3);
        assertThat(sent.get(1).path("content").get(1).path("input").path("city").asText()).isEqualTo("Rome");
        assertThat(sent.get(2).path("content")).hasSize(2);
    }

    @Test
    void aStreamFromAnthropicReachesTheOpenAiCallerAsChunksWithUsage() throws Exception {
        anthropic.on("up-claude", AnthropicBehavior.reply(AnthropicReply.text("One two three").withUsage(9, 3, 0, 0)));
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model":"claude-a","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Count"}]}""");
        assertThat(r.statusCode()).isEqualTo(200);
        SseEvents events = SseEvents.parse(r.body());
        assertThat(events.events().get(events.events().size() - 1).data()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        JsonNode usage = null;
        String finish = null;
        for (SseEvents.Event e : events.events().subList(0, events.events().size() - 1)) {
            JsonNode chunk = e.json();
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            if (chunk.path("choices").size() > 0) {
                text.append(chunk.path("choices").get(0).path("delta").path("content").asText(""));
                if (chunk.path("choices").get(0).hasNonNull("finish_reason")) {
                    finish = chunk.path("choices").get(0).path("finish_reason").asText();
                }
            }
            if (chunk.hasNonNull("usage")) {
                usage = chunk.path("usage");
            }
        }
        assertThat(text.toString()).isEqualTo("One two three");
        assertThat(finish).isEqualTo("stop");
        assertThat(usage).isNotNull();
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(9);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(3);
    }
}
