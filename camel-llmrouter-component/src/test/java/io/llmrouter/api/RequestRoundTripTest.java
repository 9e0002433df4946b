package io.llmrouter.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** A valid request is written back unchanged, unknown fields at every level included, so upstreams get it all. */
class RequestRoundTripTest {

    private static final String FULL = """
            {
              "model": "gpt-x",
              "messages": [
                {"role": "system", "content": "Be brief.", "x_cache": {"ttl": 60}},
                {"role": "user", "content": [
                  {"type": "text", "text": "What is this?", "cache_control": {"type": "ephemeral"}},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA", "detail": "low", "x_hint": 1}},
                  {"type": "input_audio", "input_audio": {"data": "UklG", "format": "wav"}}
                ]},
                {"role": "assistant", "content": null, "tool_calls": [
                  {"id": "call_1", "type": "function", "function": {"name": "look", "arguments": "{\\"q\\":1}"}, "x_trace": "t"}
                ]},
                {"role": "tool", "tool_call_id": "call_1", "content": "42"}
              ],
              "tools": [
                {"type": "function", "x_tool_extra": true,
                 "function": {"name": "look", "description": "Looks", "strict": true, "x_fn_extra": [1, 2],
                              "parameters": {"type": "object", "properties": {"q": {"type": "integer"}}, "required": ["q"]}}}
              ],
              "tool_choice": {"type": "function", "function": {"name": "look"}},
              "parallel_tool_calls": false,
              "response_format": {"type": "json_schema", "json_schema": {"name": "s", "schema": {"type": "object"}}},
              "temperature": 0.7,
              "top_p": 0.9,
              "max_tokens": 100,
              "max_completion_tokens": 120,
              "stop": ["\\n\\n"],
              "n": 1,
              "seed": 12345678901,
              "user": "u-1",
              "stream": true,
              "stream_options": {"include_usage": true, "x_opt": "keep"},
              "logit_bias": {"50256": -100},
              "reasoning_effort": "low",
              "metadata": {"team": "a", "nested": {"deep": [1, {"x": false}]}}
            }
            """;

    @Test
    void writesBackEveryFieldOfAFullRequestUnchanged() throws Exception {
        ChatRequest r = RequestCodec.readChat(FULL);

        JsonNode written = Json.MAPPER.readTree(Json.string(r));
        JsonNode original = Json.MAPPER.readTree(FULL);
        // null content is the one value the router omits, as OpenAI accepts both
        ((com.fasterxml.jackson.databind.node.ObjectNode) original.get("messages").get(2)).remove("content");
        assertThat(written).isEqualTo(original);
    }

    @Test
    void keepsUnknownFieldsAtEveryLevelInTheExtraMaps() {
        ChatRequest r = RequestCodec.readChat(FULL);

        assertThat(r.extra()).containsKeys("logit_bias", "reasoning_effort", "metadata");
        assertThat(r.messages.get(0).extra()).containsKey("x_cache");
        assertThat(r.messages.get(1).content.parts().get(0).extra()).containsKey("cache_control");
        assertThat(r.messages.get(1).content.parts().get(1).imageUrl.extra()).containsKey("x_hint");
        assertThat(r.messages.get(1).content.parts().get(2).extra()).containsKey("input_audio");
        assertThat(r.messages.get(2).toolCalls.get(0).extra()).containsKey("x_trace");
        assertThat(r.tools.get(0).extra()).containsKey("x_tool_extra");
        assertThat(r.tools.get(0).function.extra()).containsKey("x_fn_extra");
        assertThat(r.streamOptions.extra()).containsEntry("x_opt", "keep");
    }

    @Test
    void keepsStringContentAStringAndArrayContentAnArray() throws Exception {
        ChatRequest r = RequestCodec.readChat(FULL);
        assertThat(r.messages.get(0).content.isText()).isTrue();
        assertThat(r.messages.get(1).content.isText()).isFalse();

        JsonNode written = Json.MAPPER.readTree(Json.bytes(r));
        assertThat(written.at("/messages/0/content").isTextual()).isTrue();
        assertThat(written.at("/messages/3/content").isTextual()).isTrue();
        assertThat(written.at("/messages/1/content").isArray()).isTrue();
        assertThat(written.at("/messages/1/content").size()).isEqualTo(3);
    }

    @Test
    void keepsASingleTextPartAnArrayRatherThanFlatteningIt() throws Exception {
        ChatRequest r = RequestCodec.readChat(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}");

        assertThat(Json.MAPPER.readTree(Json.string(r)).at("/messages/0/content").isArray()).isTrue();
        assertThat(r.messages.get(0).content.asText()).isEqualTo("hi");
    }

    @Test
    void readsDeclaredFieldsIntoTheirTypedProperties() {
        ChatRequest r = RequestCodec.readChat(FULL);

        assertThat(r.temperature).isEqualTo(0.7);
        assertThat(r.maxTokens).isEqualTo(100);
        assertThat(r.requestedMaxOutput()).isEqualTo(120);
        assertThat(r.seed).isEqualTo(12345678901L);
        assertThat(r.streaming()).isTrue();
        assertThat(r.wantsUsageInStream()).isTrue();
        assertThat(r.hasTools()).isTrue();
        assertThat(r.hasImages()).isTrue();
        assertThat(r.responseFormat.wantsJsonSchema()).isTrue();
        assertThat(r.messages.get(3).toolCallId).isEqualTo("call_1");
    }

    @Test
    void listsRequestedModelsInOrderWithoutDuplicates() {
        ChatRequest r = RequestCodec.readChat("{\"model\":\"a\",\"models\":[\"b\",\"a\"],\"fallbacks\":[\"c\",\"b\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(r.requestedModels()).containsExactly("a", "b", "c");
    }

    @Test
    void dropsRouterOnlyFieldsInTheUpstreamCopyButKeepsTheRest() throws Exception {
        ChatRequest r = RequestCodec.readChat("{\"model\":\"a\",\"models\":[\"b\"],\"fallbacks\":[\"c\"],"
                + "\"router\":{\"strategy\":\"cheapest\"},\"logit_bias\":{\"1\":2},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        JsonNode wire = Json.MAPPER.readTree(Json.string(r.forUpstream("up-a")));
        assertThat(wire.path("model").asText()).isEqualTo("up-a");
        assertThat(wire.has("models")).isFalse();
        assertThat(wire.has("fallbacks")).isFalse();
        assertThat(wire.has("router")).isFalse();
        assertThat(wire.path("logit_bias").path("1").asInt()).isEqualTo(2);
        assertThat(r.extra()).as("the caller's request is left alone").containsKey("router");
    }
}
