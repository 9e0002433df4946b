package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Java SDK, com.openai:openai-java, unmodified, against the gateway: what a Java caller parses. */
class OpenAiJavaConformanceTest {

    static JavaClientsGateway gateway;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        gateway = JavaClientsGateway.start();
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.origin() + "/v1").apiKey("sk-any-caller").build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void chatCompletion() {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("fake-chat").addUserMessage("Hello").build());
        assertThat(c.model()).isEqualTo("fake-chat");
        assertThat(c.choices().get(0).message().content()).hasValue(JavaClientsGateway.ANSWER);
        assertThat(c.usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isPositive());
    }

    @Test
    void chatCompletionFromTheSimulator() {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("sim-mini").addUserMessage("Hello").build());
        assertThat(c.model()).isEqualTo("sim-mini");
        assertThat(c.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(t).isNotBlank());
    }

    @Test
    void streamedChatCompletionWithUsage() {
        StringBuilder text = new StringBuilder();
        long[] totalTokens = {0};
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("fake-chat").addUserMessage("Hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(u -> totalTokens[0] = u.totalTokens());
            });
        }
        assertThat(text.toString()).isEqualTo(JavaClientsGateway.ANSWER);
        assertThat(totalTokens[0]).isPositive();
    }

    @Test
    void toolCall() {
        ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder().name("get_weather").description("Current weather in a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                        "city", Map.of("type", "string"),
                                        "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                                .build())
                        .build())
                .build();
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("fake-chat").addUserMessage("Weather in Paris?").addTool(weather).build());
        List<ChatCompletionMessageToolCall> calls = c.choices().get(0).message().toolCalls().orElseThrow();
        ChatCompletionMessageFunctionToolCall call = calls.get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo(JavaClientsGateway.WEATHER_ARGUMENTS);
        assertThat(c.choices().get(0).finishReason()).hasToString("tool_calls");
    }

    @Test
    void embeddings() {
        // the SDK asks for base64 unless told otherwise; either way it hands back floats
        CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("fake-embed").input("hello").build());
        assertThat(r.data()).hasSize(1);
        assertThat(r.data().get(0).embedding()).hasSize(8).startsWith(0.25f, 0.5f);
    }

    @Test
    void modelList() {
        List<String> ids = client.models().list().items().stream().map(Model::id).toList();
        assertThat(ids).contains("fake-chat", "fake-embed", "sim-mini");
    }

    @Test
    void unknownModelIsTheSdksNotFound() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-model").addUserMessage("Hello").build()))
                .isInstanceOf(NotFoundException.class);
    }
}
