package io.llmrouter.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.testing.AnthropicBehavior;
import org.junit.jupiter.api.Test;

/** Canonical (OpenAI-shaped) requests reach the Messages API in the shape Anthropic requires, which the fake checks. */
class AnthropicRequestTranslationTest extends AnthropicAdapterTestSupport {

    @Test
    void sendsKeyAndVersionHeadersAndLiftsTheSystemPromptOut() throws Exception {
        answer(adapter.chat(model("a"), request("""
                {"model":"x","messages":[{"role":"system","content":"Be brief."},
                  {"role":"developer","content":"Answer in French."},{"role":"user","content":"Hello"}],
                 "stop":"END","temperature":0.5,"top_p":0.9,"user":"user-42","seed":7,"logit_bias":{"1":2}}"""),
                options()));
        var received = upstream.requests().get(0);
        assertThat(received.path()).isEqualTo("/v1/messages");
        assertThat(received.headers()).containsEntry("x-api-key", KEY).containsEntry("anthropic-version", "2023-06-01")
                .doesNotContainKey("authorization");
        JsonNode body = received.body();
        assertThat(body.path("model").asText()).isEqualTo("up-a");
        assertThat(body.path("system").get(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(body.path("system").get(1).path("text").asText()).isEqualTo("Answer in French.");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").get(0).path("content").get(0).path("text").asText()).isEqualTo("Hello");
        assertThat(body.path("stop_sequences").get(0).asText()).isEqualTo("END");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("metadata").path("user_id").asText()).isEqualTo("user-42");
        assertThat(body.has("seed")).isFalse();
        assertThat(body.has("logit_bias")).isFalse();
        assertThat(body.has("stream")).isFalse();
    }

    @Test
    void fillsTheRequiredMaxTokensFromTheCatalogOrTheDefault() throws Exception {
        String hello = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        answer(adapter.chat(model("a", 8192), request(hello), options()));
        assertThat(sent().path("max_tokens").asInt()).isEqualTo(8192);
        answer(adapter.chat(model("a", 0), request(hello), options()));
        assertThat(sent().path("max_tokens").asInt()).isEqualTo(4096);
        answer(adapter.chat(model("a"), request("{\"max_completion_tokens\":99,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}"), options()));
        assertThat(sent().path("max_tokens").asInt()).isEqualTo(99);
    }

    @Test
    void sendsImagesAsBase64OrUrlSources() throws Exception {
        answer(adapter.chat(model("a"), request("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}"""), options()));
        JsonNode content = sent().path("messages").get(0).path("content");
        assertThat(content).hasSize(3);
        assertThat(content.get(1).path("type").asText()).isEqualTo("image");
        assertThat(content.get(1).path("source").toString())
                .isEqualTo("{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}");
        assertThat(content.get(2).path("source").toString())
                .isEqualTo("{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}");
    }

    @Test
    void translatesToolsToolChoiceAndDisabledParallelCalls() throws Exception {
        answer(adapter.chat(model("a"), request("""
                {"messages":[{"role":"user","content":"Weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather of a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
                   {"type":"function","function":{"name":"now"}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},"parallel_tool_calls":false}"""),
                options()));
        JsonNode body = sent();
        assertThat(body.path("tools").get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(body.path("tools").get(0).path("description").asText()).isEqualTo("Weather of a city");
        assertThat(body.path("tools").get(0).path("input_schema").path("required").get(0).asText()).isEqualTo("city");
        assertThat(body.path("tools").get(1).path("input_schema").path("type").asText()).isEqualTo("object");
        assertThat(body.path("tool_choice").toString())
                .isEqualTo("{\"type\":\"tool\",\"name\":\"get_weather\",\"disable_parallel_tool_use\":true}");

        for (String[] choice : new String[][] { { "auto", "auto" }, { "required", "any" }, { "none", "none" } }) {
            answer(adapter.chat(model("a"), request("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                    + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"now\"}}],\"tool_choice\":\""
                    + choice[0] + "\"}"), options()));
            assertThat(sent().path("tool_choice").path("type").asText()).isEqualTo(choice[1]);
        }
    }

    @Test
    void turnsToolCallsIntoToolUseAndMergesConsecutiveToolResultsIntoOneUserTurn() throws Exception {
        answer(adapter.chat(model("a"), request("""
                {"messages":[{"role":"user","content":"Weather in Paris and Rome?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"toolu_01","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"toolu_02","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                  {"role":"tool","tool_call_id":"toolu_01","content":"18C"},
                  {"role":"tool","tool_call_id":"toolu_02","content":"24C"},
                  {"role":"user","content":"And which is warmer?"}]}"""), options()));
        JsonNode messages = sent().path("messages");
        assertThat(messages).hasSize(3);
        JsonNode uses = messages.get(1).path("content");
        assertThat(uses.get(0).toString()).isEqualTo(
                "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}");
        assertThat(uses.get(1).path("input").path("city").asText()).isEqualTo("Rome");
        JsonNode results = messages.get(2);
        assertThat(results.path("role").asText()).isEqualTo("user");
        assertThat(results.path("content")).hasSize(3);
        assertThat(results.path("content").get(0).toString())
                .isEqualTo("{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01\",\"content\":\"18C\"}");
        assertThat(results.path("content").get(1).path("tool_use_id").asText()).isEqualTo("toolu_02");
        assertThat(results.path("content").get(2).path("text").asText()).isEqualTo("And which is warmer?");
    }

    @Test
    void refusesContentPartsAnthropicCannotTakeWithoutCallingIt() throws Exception {
        LlmException e = failure(adapter.chat(model("a"), request("""
                {"messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAA","format":"wav"}}]}]}"""),
                options()));
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("input_audio");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void streamsWithStreamTrue() throws Exception {
        upstream.on("up-a", AnthropicBehavior.text("Hi"));
        stream(model("a"), "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}", options())
                .end().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(sent().path("stream").asBoolean()).isTrue();
        assertThat(sent().has("stream_options")).isFalse();
    }
}
