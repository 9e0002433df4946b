package io.llmrouter.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.Json;
import io.llmrouter.provider.StructuredOutput;
import io.llmrouter.testing.AnthropicBehavior;
import io.llmrouter.testing.AnthropicReply;
import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.api.Test;

/** JSON mode and structured output reach a Messages API model as a forced tool, and its input comes back as content. */
class AnthropicStructuredOutputTest extends AnthropicAdapterTestSupport {

    private static final String SCHEMA_REQUEST = """
            {"messages":[{"role":"user","content":"Name a city and its country"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"place","strict":true,
               "schema":{"type":"object","properties":{"city":{"type":"string"},"country":{"type":"string"}},
                         "required":["city","country"]}}}}""";

    @Test
    void sendsTheSchemaAsAForcedTool() throws Exception {
        upstream.on("up-a", AnthropicBehavior.reply(AnthropicReply.tools(null, StructuredOutput.TOOL,
                "{\"city\":\"Paris\",\"country\":\"France\"}")));
        answer(adapter.chat(model("a"), request(SCHEMA_REQUEST), options()));
        JsonNode body = sent();
        JsonNode tool = body.path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo(StructuredOutput.TOOL);
        assertThat(tool.path("input_schema").path("required").toString()).isEqualTo("[\"city\",\"country\"]");
        assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("tool");
        assertThat(body.path("tool_choice").path("name").asText()).isEqualTo(StructuredOutput.TOOL);
    }

    @Test
    void returnsTheToolInputAsTheAnswersJsonContent() throws Exception {
        upstream.on("up-a", AnthropicBehavior.reply(AnthropicReply.tools(null, StructuredOutput.TOOL,
                "{\"city\":\"Paris\",\"country\":\"France\"}")));
        ChatResponse r = answer(adapter.chat(model("a"), request(SCHEMA_REQUEST), options()));
        assertThat(r.choices.get(0).message.toolCalls).isNull();
        assertThat(Json.MAPPER.readTree(r.firstText()).path("city").asText()).isEqualTo("Paris");
        assertThat(r.choices.get(0).finishReason).isEqualTo("stop");
    }

    @Test
    void jsonModeAsksForAnyObject() throws Exception {
        upstream.on("up-a", AnthropicBehavior.reply(AnthropicReply.tools(null, StructuredOutput.TOOL, "{\"ok\":true}")));
        ChatResponse r = answer(adapter.chat(model("a"), request("""
                {"messages":[{"role":"user","content":"JSON please"}],"response_format":{"type":"json_object"}}"""),
                options()));
        assertThat(sent().path("tools").get(0).path("input_schema").path("type").asText()).isEqualTo("object");
        assertThat(r.firstText()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void streamsTheToolInputAsContentDeltas() throws Exception {
        upstream.on("up-a", AnthropicBehavior.reply(AnthropicReply.tools(null, StructuredOutput.TOOL,
                "{\"city\":\"Paris\",\"country\":\"France\"}")));
        StreamRecorder r = stream(model("a"), SCHEMA_REQUEST, options());
        r.end().get(10, TimeUnit.SECONDS);
        assertThat(Json.MAPPER.readTree(r.text()).path("country").asText()).isEqualTo("France");
        assertThat(r.chunks().stream().filter(c -> !c.choices.isEmpty())
                .allMatch(c -> c.choices.get(0).delta.toolCalls == null)).isTrue();
        assertThat(r.chunks().stream().filter(c -> !c.choices.isEmpty() && c.choices.get(0).finishReason != null)
                .map(c -> c.choices.get(0).finishReason).toList()).containsExactly("stop");
    }
}
