package io.llmrouter.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import org.junit.jupiter.api.Test;

/**
 * Canonical (OpenAI-shaped) requests reach Converse signed and in the shape Bedrock requires, which the fake checks,
 * signature included.
 */
class BedrockRequestTranslationTest extends BedrockAdapterTestSupport {

    @Test
    void signsThePostToTheUrlEncodedModelPathAndLiftsTheSystemPromptOut() throws Exception {
        answer(adapter.chat(model("a"), request("""
                {"model":"x","messages":[{"role":"system","content":"Be brief."},
                  {"role":"developer","content":"Answer in French."},{"role":"user","content":"Hello"}],
                 "stop":"END","temperature":1.5,"top_p":0.9,"max_tokens":300,"seed":7,"logit_bias":{"1":2}}"""),
                options()));
        var received = last();
        assertThat(received.path()).isEqualTo("/model/vendor.a-v1%3A0/converse");
        assertThat(received.model()).isEqualTo("vendor.a-v1:0");
        assertThat(received.headers().get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
                .contains("/" + REGION + "/bedrock/aws4_request, SignedHeaders=");
        assertThat(received.headers()).containsKey("x-amz-date").doesNotContainKey("x-amz-security-token");
        JsonNode body = received.body();
        assertThat(body.path("system").toString()).isEqualTo("[{\"text\":\"Be brief.\"},{\"text\":\"Answer in French.\"}]");
        assertThat(body.path("messages").toString()).isEqualTo("[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}]");
        assertThat(body.path("inferenceConfig").toString())
                .isEqualTo("{\"maxTokens\":300,\"temperature\":1.0,\"topP\":0.9,\"stopSequences\":[\"END\"]}");
        assertThat(body.has("seed")).isFalse();
        assertThat(body.has("logit_bias")).isFalse();
    }

    @Test
    void signsTheSessionTokenOfTemporaryCredentials() throws Exception {
        upstream.expectSessionToken("FQoGZXIvYXdzEFAKETOKEN");
        answer(adapter.chat(model(provider("FQoGZXIvYXdzEFAKETOKEN"), "a", "vendor.a-v1:0"),
                request("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));
        assertThat(last().headers()).containsEntry("x-amz-security-token", "FQoGZXIvYXdzEFAKETOKEN");
        assertThat(last().headers().get("authorization")).contains("x-amz-security-token");
    }

    @Test
    void keepsInferenceProfileIdsAndArnsInOnePathSegment() throws Exception {
        String arn = "arn:aws:bedrock:eu-west-3:123456789012:inference-profile/eu.vendor.a-v1:0";
        answer(adapter.chat(model(provider, "arn", arn), request("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                options()));
        assertThat(last().model()).isEqualTo(arn);
        assertThat(last().path()).doesNotContain(":").endsWith("%2Feu.vendor.a-v1%3A0/converse");
    }

    @Test
    void sendsImagesAsBytesWithTheirFormat() throws Exception {
        answer(adapter.chat(model("a"), request("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                  {"type":"image_url","image_url":{"url":"data:image/jpg;base64,/9j/4AAQ"}}]}]}"""), options()));
        JsonNode content = sent().path("messages").get(0).path("content");
        assertThat(content).hasSize(3);
        assertThat(content.get(1).toString())
                .isEqualTo("{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"iVBORw0KGgo=\"}}}");
        assertThat(content.get(2).path("image").path("format").asText()).isEqualTo("jpeg");
    }

    @Test
    void refusesImageLinksBeforeSendingSinceConverseTakesOnlyBytes() throws Exception {
        LlmException e = failure(adapter.chat(model("a"), request("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}"""), options()));
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void translatesToolsAndANamedToolChoice() throws Exception {
        answer(adapter.chat(model("a"), request("""
                {"messages":[{"role":"user","content":"Weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather of a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
                   {"type":"function","function":{"name":"now"}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}}}"""), options()));
        JsonNode config = sent().path("toolConfig");
        JsonNode weather = config.path("tools").get(0).path("toolSpec");
        assertThat(weather.path("name").asText()).isEqualTo("get_weather");
        assertThat(weather.path("description").asText()).isEqualTo("Weather of a city");
        assertThat(weather.path("inputSchema").path("json").path("required").get(0).asText()).isEqualTo("city");
        assertThat(config.path("tools").get(1).path("toolSpec").path("inputSchema").path("json").path("type").asText())
                .isEqualTo("object");
        assertThat(config.path("toolChoice").toString()).isEqualTo("{\"tool\":{\"name\":\"get_weather\"}}");
    }

    @Test
    void mapsRequiredToAnyAndSendsNoToolChoiceForAuto() throws Exception {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]";
        answer(adapter.chat(model("a"), request("{\"messages\":[{\"role\":\"user\",\"content\":\"Time?\"}]," + tools
                + ",\"tool_choice\":\"required\"}"), options()));
        assertThat(sent().path("toolConfig").path("toolChoice").toString()).isEqualTo("{\"any\":{}}");
        answer(adapter.chat(model("a"), request("{\"messages\":[{\"role\":\"user\",\"content\":\"Time?\"}]," + tools
                + ",\"tool_choice\":\"auto\"}"), options()));
        assertThat(sent().path("toolConfig").has("toolChoice")).isFalse();
        answer(adapter.chat(model("a"), request("{\"messages\":[{\"role\":\"user\",\"content\":\"Time?\"}]," + tools
                + ",\"tool_choice\":\"none\"}"), options()));
        assertThat(sent().has("toolConfig")).isFalse();
    }

    @Test
    void sendsAToolRoundTripAsToolUseThenToolResultsInOneUserTurn() throws Exception {
        answer(adapter.chat(model("a"), request("""
                {"messages":[{"role":"user","content":"Weather in Paris and Rome?"},
                  {"role":"assistant","content":"Checking.","tool_calls":[
                    {"id":"tooluse_01","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"tooluse_02","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                  {"role":"tool","tool_call_id":"tooluse_01","content":"18C"},
                  {"role":"tool","tool_call_id":"tooluse_02","content":"24C"},
                  {"role":"user","content":"Which is warmer?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],"tool_choice":"none"}"""),
                options()));
        JsonNode messages = sent().path("messages");
        assertThat(messages).hasSize(3);
        JsonNode assistant = messages.get(1).path("content");
        assertThat(assistant.get(0).path("text").asText()).isEqualTo("Checking.");
        assertThat(assistant.get(1).path("toolUse").toString())
                .isEqualTo("{\"toolUseId\":\"tooluse_01\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}");
        JsonNode user = messages.get(2);
        assertThat(user.path("role").asText()).isEqualTo("user");
        assertThat(user.path("content").get(0).path("toolResult").toString())
                .isEqualTo("{\"toolUseId\":\"tooluse_01\",\"content\":[{\"text\":\"18C\"}]}");
        assertThat(user.path("content").get(1).path("toolResult").path("toolUseId").asText()).isEqualTo("tooluse_02");
        assertThat(user.path("content").get(2).path("text").asText()).isEqualTo("Which is warmer?");
        // "none" cannot drop the tools here: Bedrock refuses tool blocks without a toolConfig
        assertThat(sent().path("toolConfig").path("tools")).hasSize(1);
    }

    @Test
    void refusesToolCallArgumentsThatAreNotAJsonObject() throws Exception {
        LlmException e = failure(adapter.chat(model("a"), request("""
                {"messages":[{"role":"user","content":"Hi"},
                  {"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"[1]"}}]},
                  {"role":"tool","tool_call_id":"t1","content":"ok"}],
                 "tools":[{"type":"function","function":{"name":"f"}}]}"""), options()));
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    }
}
