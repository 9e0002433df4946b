package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream.Received;
import org.junit.jupiter.api.Test;

/** Tool definitions, tool calls and tool results cross the gateway in both directions exactly as OpenAI shapes them. */
class ToolCallsTest extends GatewayTestSupport {

    private static final String TOOLS = """
            [{"type":"function","function":{"name":"get_weather","description":"Current weather in a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string",
              "enum":["celsius","fahrenheit"]}},"required":["city"],"additionalProperties":false},"strict":true}}]""";
    private static final String TOOL_CHOICE = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}";
    private static final String ARGUMENTS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";

    @Test
    void toolDefinitionsAndToolChoiceReachTheUpstreamIntact() throws Exception {
        upstream.on("up-a", Behavior.toolCall("get_weather", ARGUMENTS));

        HttpResponse<String> r = post("/v1/chat/completions", chat("model-a",
                "\"tools\":" + TOOLS + ",\"tool_choice\":" + TOOL_CHOICE + ",\"parallel_tool_calls\":false"));

        assertThat(r.statusCode()).isEqualTo(200);
        Received seen = upstream.requests("up-a").get(0);
        assertThat(seen.body().path("tools")).isEqualTo(Json.MAPPER.readTree(TOOLS));
        assertThat(seen.body().path("tool_choice")).isEqualTo(Json.MAPPER.readTree(TOOL_CHOICE));
        assertThat(seen.body().path("parallel_tool_calls").isBoolean()).isTrue();
        assertThat(seen.body().path("parallel_tool_calls").asBoolean()).isFalse();
    }

    @Test
    void toolChoiceAsAStringReachesTheUpstreamIntact() throws Exception {
        post("/v1/chat/completions", chat("model-a", "\"tools\":" + TOOLS + ",\"tool_choice\":\"required\""));

        assertThat(upstream.requests("up-a").get(0).body().path("tool_choice").asText()).isEqualTo("required");
    }

    @Test
    void toolCallAnswerComesBackIntact() throws Exception {
        upstream.on("up-a", Behavior.toolCall("get_weather", ARGUMENTS));

        HttpResponse<String> r = post("/v1/chat/completions", chat("model-a", "\"tools\":" + TOOLS));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode choice = json(r).path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode message = choice.path("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("content").isMissingNode() || message.path("content").isNull()).isTrue();
        assertThat(message.path("tool_calls")).hasSize(1);
        JsonNode call = message.path("tool_calls").get(0);
        assertThat(call.path("id").asText()).isEqualTo("call_fake_1");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo(ARGUMENTS);
    }

    @Test
    void streamedToolCallArrivesAsIndexedDeltasThatAddUpToTheCall() throws Exception {
        upstream.on("up-a", Behavior.toolCall("get_weather", ARGUMENTS));

        HttpResponse<String> r = post("/v1/chat/completions", chat("model-a", "\"stream\":true,\"tools\":" + TOOLS));

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = dataEvents(r.body());
        assertThat(events).last().isEqualTo("[DONE]");
        StringBuilder arguments = new StringBuilder();
        String id = null;
        String name = null;
        String finish = null;
        int deltas = 0;
        for (JsonNode chunk : chunks(events)) {
            assertThat(chunk.path("model").asText()).isEqualTo("model-a");
            JsonNode choice = chunk.path("choices").get(0);
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.path("finish_reason").asText();
            }
            for (JsonNode delta : choice.path("delta").path("tool_calls")) {
                deltas++;
                assertThat(delta.path("index").isInt()).as("index in %s", delta).isTrue();
                assertThat(delta.path("index").asInt()).isZero();
                if (delta.hasNonNull("id")) {
                    id = delta.path("id").asText();
                    assertThat(delta.path("type").asText()).isEqualTo("function");
                }
                if (delta.path("function").hasNonNull("name")) {
                    name = delta.path("function").path("name").asText();
                }
                arguments.append(delta.path("function").path("arguments").asText(""));
            }
        }
        assertThat(deltas).isEqualTo(3);
        assertThat(id).isEqualTo("call_fake_1");
        assertThat(name).isEqualTo("get_weather");
        assertThat(arguments.toString()).isEqualTo(ARGUMENTS);
        assertThat(finish).isEqualTo("tool_calls");
    }

    @Test
    void toolResultConversationReachesTheUpstreamIntact() throws Exception {
        String messages = """
                [{"role":"system","content":"You answer with tools."},
                 {"role":"user","content":"Weather in Paris?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_fake_1","type":"function",
                   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\",\\"unit\\":\\"celsius\\"}"}}]},
                 {"role":"tool","tool_call_id":"call_fake_1","content":"{\\"temperature\\":21}"}]""";
        upstream.on("up-a", Behavior.text("It is 21 degrees in Paris."));

        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"model-a\",\"tools\":" + TOOLS + ",\"messages\":" + messages + "}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("It is 21 degrees in Paris.");
        JsonNode seen = upstream.requests("up-a").get(0).body().path("messages");
        // A null content may be left out: OpenAI reads a missing content and a null one alike.
        assertThat(withoutNulls(seen)).isEqualTo(withoutNulls(Json.MAPPER.readTree(messages)));
        assertThat(seen.get(2).path("tool_calls").get(0).path("function").path("arguments").asText())
                .isEqualTo(ARGUMENTS);
        assertThat(seen.get(3).path("tool_call_id").asText()).isEqualTo("call_fake_1");
    }

    private static JsonNode withoutNulls(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isNull()) {
                    it.remove();
                } else {
                    strip(f.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(ToolCallsTest::strip);
        }
    }
}
