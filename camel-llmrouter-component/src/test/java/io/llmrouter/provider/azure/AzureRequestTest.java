package io.llmrouter.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.api.ToolCall;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.Test;

/** Calls reach the deployment's URL with the api-version and api-key Azure wants, in OpenAI's wire format unchanged. */
class AzureRequestTest extends AzureAdapterTestSupport {

    @Test
    void aChatGoesToTheDeploymentWithTheApiVersionAndTheKeyInApiKey() throws Exception {
        upstream.on("my-gpt4o", Behavior.text("Hello from Azure"));
        ChatResponse r = answer(adapter.chat(deployment("my-gpt4o"),
                request("{\"model\":\"pub-my-gpt4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));

        assertThat(r.firstText()).isEqualTo("Hello from Azure");
        assertThat(r.model).isEqualTo("pub-my-gpt4o");
        assertThat(r.usage.promptTokens).isEqualTo(10);
        assertThat(upstream.uris()).containsExactly(
                "/openai/deployments/my-gpt4o/chat/completions?api-version=" + API_VERSION);
        FakeOpenAiUpstream.Received sent = sent();
        assertThat(sent.headers()).containsEntry("api-key", KEY).doesNotContainKey("authorization");
        // the path names the deployment: a model in the body would be the caller's public name, meaningless to Azure
        assertThat(sent.body().has("model")).isFalse();
    }

    @Test
    void toolCallsMakeTheRoundTripInOpenAisShape() throws Exception {
        upstream.on("dep", Behavior.toolCall("get_weather", "{\"city\":\"Paris\"}"));
        ChatResponse first = answer(adapter.chat(deployment("dep"), request("""
                {"messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
                   "properties":{"city":{"type":"string"}},"additionalProperties":false}}}],
                 "tool_choice":"required"}"""), options()));
        ToolCall call = first.choices.get(0).message.toolCalls.get(0);
        assertThat(call.function.name).isEqualTo("get_weather");
        assertThat(first.choices.get(0).finishReason).isEqualTo("tool_calls");
        assertThat(sent().body().path("tool_choice").asText()).isEqualTo("required");

        upstream.on("dep", Behavior.text("It is 18C."));
        ChatResponse second = answer(adapter.chat(deployment("dep"), request("""
                {"messages":[{"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"%s","type":"function",
                    "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"%s","content":"18C"}]}""".formatted(call.id, call.id)), options()));
        assertThat(second.firstText()).isEqualTo("It is 18C.");
        JsonNode messages = sent().body().path("messages");
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo(call.id);
        assertThat(messages.get(1).path("tool_calls").get(0).path("function").path("name").asText())
                .isEqualTo("get_weather");
    }

    @Test
    void imagesAndStructuredOutputArePassedOnAsOpenAiDefinesThem() throws Exception {
        answer(adapter.chat(deployment("dep"), request("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
                   "schema":{"type":"object","properties":{"thing":{"type":"string"}},"required":["thing"],
                   "additionalProperties":false}}}}"""), options()));
        JsonNode body = sent().body();
        JsonNode image = body.path("messages").get(0).path("content").get(1);
        assertThat(image.path("image_url").path("url").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(image.path("image_url").path("detail").asText()).isEqualTo("low");
        assertThat(body.path("response_format").path("json_schema").path("schema").path("additionalProperties")
                .asBoolean(true)).isFalse();
    }

    @Test
    void embeddingsGoToTheDeploymentsEmbeddingsUrl() throws Exception {
        EmbeddingRequest request = RequestCodec.readEmbedding("{\"input\":[\"one\",\"two\"]}");
        EmbeddingResponse r = answer(adapter.embed(deployment("my-embed"), request, options()));
        assertThat(r.data).hasSize(2);
        assertThat(r.model).isEqualTo("pub-my-embed");
        assertThat(upstream.uris()).containsExactly("/openai/deployments/my-embed/embeddings?api-version=" + API_VERSION);
        assertThat(sent().headers()).containsEntry("api-key", KEY);
    }
}
