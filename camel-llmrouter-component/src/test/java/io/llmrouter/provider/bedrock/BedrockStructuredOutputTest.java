package io.llmrouter.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.Json;
import io.llmrouter.provider.StructuredOutput;
import io.llmrouter.testing.BedrockBehavior;
import io.llmrouter.testing.BedrockReply;
import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.api.Test;

/** JSON mode and structured output reach a Converse model as a forced tool, and its input comes back as content. */
class BedrockStructuredOutputTest extends BedrockAdapterTestSupport {

    private static final String SCHEMA_REQUEST = """
            {"messages":[{"role":"user","content":"Name a city and its country"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"place",
               "schema":{"type":"object","properties":{"city":{"type":"string"},"country":{"type":"string"}},
                         "required":["city","country"]}}}}""";

    @Test
    void sendsTheSchemaAsAForcedTool() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.reply(BedrockReply.tools(null, StructuredOutput.TOOL,
                "{\"city\":\"Lima\",\"country\":\"Peru\"}")));
        answer(adapter.chat(model("a"), request(SCHEMA_REQUEST), options()));
        JsonNode config = sent().path("toolConfig");
        JsonNode spec = config.path("tools").get(0).path("toolSpec");
        assertThat(spec.path("name").asText()).isEqualTo(StructuredOutput.TOOL);
        assertThat(spec.path("inputSchema").path("json").path("required").toString()).isEqualTo("[\"city\",\"country\"]");
        assertThat(config.path("toolChoice").path("tool").path("name").asText()).isEqualTo(StructuredOutput.TOOL);
    }

    @Test
    void returnsTheToolInputAsTheAnswersJsonContent() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.reply(BedrockReply.tools(null, StructuredOutput.TOOL,
                "{\"city\":\"Lima\",\"country\":\"Peru\"}")));
        ChatResponse r = answer(adapter.chat(model("a"), request(SCHEMA_REQUEST), options()));
        assertThat(r.choices.get(0).message.toolCalls).isNull();
        assertThat(Json.MAPPER.readTree(r.firstText()).path("city").asText()).isEqualTo("Lima");
        assertThat(r.choices.get(0).finishReason).isEqualTo("stop");
    }

    @Test
    void streamsTheToolInputAsContentDeltas() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.reply(BedrockReply.tools(null, StructuredOutput.TOOL,
                "{\"city\":\"Lima\",\"country\":\"Peru\"}")));
        StreamRecorder r = stream(model("a"), SCHEMA_REQUEST, options());
        r.end().get(10, TimeUnit.SECONDS);
        assertThat(Json.MAPPER.readTree(r.text()).path("country").asText()).isEqualTo("Peru");
        assertThat(r.chunks().stream().filter(c -> !c.choices.isEmpty())
                .allMatch(c -> c.choices.get(0).delta.toolCalls == null)).isTrue();
        assertThat(r.chunks().stream().filter(c -> !c.choices.isEmpty() && c.choices.get(0).finishReason != null)
                .map(c -> c.choices.get(0).finishReason).toList()).containsExactly("stop");
    }
}
