package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's OpenAI and Anthropic models, unmodified, against the gateway: its OpenAI-compatible paths and
 * Anthropic's /v1/messages.
 */
class LangChain4jConformanceTest {

    static final ToolSpecification WEATHER = ToolSpecification.builder().name("get_weather")
            .description("Current weather in a city")
            .parameters(JsonObjectSchema.builder().addStringProperty("city").addStringProperty("unit")
                    .required("city").build())
            .build();

    static final ObjectMapper JSON = new ObjectMapper();

    static JavaClientsGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = JavaClientsGateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    static OpenAiChatModel.OpenAiChatModelBuilder openAi(String model) {
        return OpenAiChatModel.builder().baseUrl(gateway.origin() + "/v1").apiKey("sk-any-caller").modelName(model);
    }

    static ChatModel anthropic(String model) {
        // LangChain4j's default base URL is https://api.anthropic.com/v1/: it appends "messages"
        return AnthropicChatModel.builder().baseUrl(gateway.origin() + "/v1/").apiKey("sk-ant-any-caller")
                .modelName(model).maxTokens(256).build();
    }

    @Test
    void openAiChatModelAnswers() {
        assertThat(openAi("fake-chat").build().chat("Hello")).isEqualTo(JavaClientsGateway.ANSWER);
        ChatResponse sim = openAi("sim-mini").build().chat(UserMessage.from("Hello"));
        assertThat(sim.aiMessage().text()).isNotBlank();
        assertThat(sim.metadata().modelName()).isEqualTo("sim-mini");
        assertThat(sim.tokenUsage().totalTokenCount()).isPositive();
    }

    @Test
    void openAiChatModelCallsATool() {
        ChatResponse r = openAi("fake-chat").build().chat(ChatRequest.builder()
                .messages(UserMessage.from("Weather in Paris?")).toolSpecifications(WEATHER).build());
        List<ToolExecutionRequest> calls = r.aiMessage().toolExecutionRequests();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).name()).isEqualTo("get_weather");
        assertThat(calls.get(0).arguments()).isEqualTo(JavaClientsGateway.WEATHER_ARGUMENTS);
    }

    @Test
    void openAiStreamingChatModelStreams() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(gateway.origin() + "/v1")
                .apiKey("sk-any-caller").modelName("fake-chat").build();
        StringBuilder partials = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat("Hello", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(30, TimeUnit.SECONDS);
        assertThat(partials.toString()).isEqualTo(JavaClientsGateway.ANSWER);
        assertThat(response.aiMessage().text()).isEqualTo(JavaClientsGateway.ANSWER);
    }

    @Test
    void openAiEmbeddingModelEmbeds() {
        OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(gateway.origin() + "/v1")
                .apiKey("sk-any-caller").modelName("fake-embed").build();
        float[] vector = model.embed("hello").content().vector();
        assertThat(vector).hasSize(8).startsWith(0.25f, 0.5f);
    }

    @Test
    void anthropicChatModelAnswersOnMessages() {
        assertThat(anthropic("fake-chat").chat("Hello")).isEqualTo(JavaClientsGateway.ANSWER);
        ChatResponse sim = anthropic("sim-mini").chat(UserMessage.from("Hello"));
        assertThat(sim.aiMessage().text()).isNotBlank();
        assertThat(sim.tokenUsage().outputTokenCount()).isPositive();
    }

    @Test
    void anthropicChatModelCallsATool() throws Exception {
        ChatResponse r = anthropic("fake-chat").chat(ChatRequest.builder()
                .messages(UserMessage.from("Weather in Paris?")).toolSpecifications(WEATHER).build());
        List<ToolExecutionRequest> calls = r.aiMessage().toolExecutionRequests();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).name()).isEqualTo("get_weather");
        // LangChain4j prints the tool_use block's input object again, pretty: the same JSON, not the same text
        assertThat(JSON.readTree(calls.get(0).arguments()))
                .isEqualTo(JSON.readTree(JavaClientsGateway.WEATHER_ARGUMENTS));
    }
}
