package io.llmrouter.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.llmrouter.testing.GeminiBehavior;
import io.llmrouter.testing.GeminiReply;
import org.junit.jupiter.api.Test;

/** OpenAI requests become generateContent requests the real API accepts: roles, parts, tools, config, schemas. */
class GeminiRequestTranslationTest extends GeminiAdapterTestSupport {

    @Test
    void sendsRolesSystemInstructionAndGenerationConfigToTheModelsUrlWithTheKeyHeader() throws Exception {
        ChatResponse r = answer(adapter.chat(model("gemini-2.0-flash"), request("""
                {"messages":[{"role":"system","content":"Be brief."},{"role":"developer","content":"Use French."},
                  {"role":"user","content":"Hi"},{"role":"assistant","content":"Bonjour"},
                  {"role":"user","content":"Again"}],
                 "temperature":0.3,"top_p":0.9,"max_tokens":100,"stop":["END"],"n":1,"seed":42}"""), options()));

        assertThat(r.firstText()).isEqualTo("Hello from the fake Gemini upstream.");
        FakeOpenAiUpstream.Received sent = sent();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(sent.headers()).containsEntry("x-goog-api-key", KEY).doesNotContainKey("authorization");
        JsonNode body = sent.body();
        assertThat(body.path("systemInstruction").path("parts").get(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(body.path("systemInstruction").path("parts").get(1).path("text").asText()).isEqualTo("Use French.");
        assertThat(body.path("contents")).hasSize(3);
        assertThat(body.path("contents").get(1).path("role").asText()).isEqualTo("model");
        JsonNode config = body.path("generationConfig");
        assertThat(config.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(config.path("topP").asDouble()).isEqualTo(0.9);
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(100);
        assertThat(config.path("stopSequences").get(0).asText()).isEqualTo("END");
        assertThat(config.path("candidateCount").asInt()).isEqualTo(1);
        assertThat(config.path("seed").asLong()).isEqualTo(42);
    }

    @Test
    void toolCallsMakeTheRoundTripWithTheFunctionNameFoundFromTheCallId() throws Exception {
        upstream.on("g", GeminiBehavior.reply(GeminiReply.calls(null,
                "get_weather", "{\"city\":\"Paris\"}", "get_weather", "{\"city\":\"Rome\"}")));
        ChatResponse first = answer(adapter.chat(model("g"), request("""
                {"messages":[{"role":"user","content":"Weather in Paris and Rome?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
                   "parameters":{"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                     "properties":{"city":{"type":["string","null"]}},"required":["city"],"additionalProperties":false}}},
                   {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}}}"""), options()));

        JsonNode body = sent().body();
        JsonNode declarations = body.path("tools").get(0).path("functionDeclarations");
        assertThat(declarations.get(0).path("parameters").has("additionalProperties")).isFalse();
        assertThat(declarations.get(0).path("parameters").path("properties").path("city").path("nullable").asBoolean())
                .isTrue();
        assertThat(declarations.get(1).has("parameters")).isFalse();
        assertThat(body.path("toolConfig").path("functionCallingConfig").path("mode").asText()).isEqualTo("ANY");
        assertThat(body.path("toolConfig").path("functionCallingConfig").path("allowedFunctionNames").get(0).asText())
                .isEqualTo("get_weather");
        ChatResponse.Choice choice = first.choices.get(0);
        assertThat(choice.finishReason).isEqualTo("tool_calls");
        assertThat(choice.message.toolCalls).extracting(c -> c.id).containsExactly("call_1", "call_2");
        assertThat(choice.message.toolCalls.get(1).function.arguments).isEqualTo("{\"city\":\"Rome\"}");

        upstream.on("g", GeminiBehavior.text("Paris is cooler."));
        ChatResponse second = answer(adapter.chat(model("g"), request("""
                {"messages":[{"role":"user","content":"Weather in Paris and Rome?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"{\\"celsius\\":18}"},
                  {"role":"tool","tool_call_id":"call_2","content":"24C"}]}"""), options()));
        assertThat(second.firstText()).isEqualTo("Paris is cooler.");
        JsonNode contents = sent().body().path("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(1).path("parts").get(1).path("functionCall").path("args").path("city").asText())
                .isEqualTo("Rome");
        JsonNode responses = contents.get(2).path("parts");
        assertThat(contents.get(2).path("role").asText()).isEqualTo("user");
        assertThat(responses.get(0).path("functionResponse").path("name").asText()).isEqualTo("get_weather");
        assertThat(responses.get(0).path("functionResponse").path("response").path("celsius").asInt()).isEqualTo(18);
        assertThat(responses.get(1).path("functionResponse").path("response").path("output").asText()).isEqualTo("24C");
    }

    @Test
    void aToolMessageAnsweringNoKnownCallIsRefusedBeforeSending() throws Exception {
        var e = failure(adapter.chat(model("g"), request("""
                {"messages":[{"role":"user","content":"Hi"},{"role":"tool","tool_call_id":"call_9","content":"x"}]}"""),
                options()));
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void imagesBecomeInlineDataOrFileData() throws Exception {
        answer(adapter.chat(model("g"), request("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"Compare"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                   {"type":"image_url","image_url":{"url":"https://example.com/cat.webp?size=large"}}]}]}"""), options()));
        JsonNode parts = sent().body().path("contents").get(0).path("parts");
        assertThat(parts.get(1).path("inlineData").path("mimeType").asText()).isEqualTo("image/png");
        assertThat(parts.get(1).path("inlineData").path("data").asText()).isEqualTo("iVBORw0KGgo=");
        assertThat(parts.get(2).path("fileData").path("mimeType").asText()).isEqualTo("image/webp");
        assertThat(parts.get(2).path("fileData").path("fileUri").asText())
                .isEqualTo("https://example.com/cat.webp?size=large");
    }

    @Test
    void structuredOutputAsksForJsonWithTheSchemaCutToWhatGeminiAccepts() throws Exception {
        upstream.on("g", GeminiBehavior.text("{\"thing\":\"cat\"}"));
        ChatResponse r = answer(adapter.chat(model("g"), request("""
                {"messages":[{"role":"user","content":"What is it?"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
                   "schema":{"type":"object","properties":{"thing":{"$ref":"#/$defs/Thing"}},"required":["thing"],
                   "additionalProperties":false,"$defs":{"Thing":{"type":"string","enum":["cat","dog"]}}}}}}"""),
                options()));
        assertThat(r.firstText()).isEqualTo("{\"thing\":\"cat\"}");
        JsonNode config = sent().body().path("generationConfig");
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.path("responseSchema").path("properties").path("thing").path("enum")).hasSize(2);
        assertThat(config.path("responseSchema").has("$defs")).isFalse();

        answer(adapter.chat(model("g"), request("""
                {"messages":[{"role":"user","content":"JSON please"}],"response_format":{"type":"json_object"}}"""),
                options()));
        assertThat(sent().body().path("generationConfig").path("responseMimeType").asText())
                .isEqualTo("application/json");
        assertThat(sent().body().path("generationConfig").has("responseSchema")).isFalse();
    }
}
