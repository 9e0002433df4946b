package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.chat.completions.StructuredChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.StructuredResponse;
import com.openai.models.responses.StructuredResponseCreateParams;
import com.openai.models.responses.inputitems.InputItemListParams;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Java SDK, com.openai:openai-java, unmodified, against the gateway beyond chat: the Responses API (on a
 * provider that serves it natively and on one it is translated for), legacy completions, models.retrieve and
 * structured outputs parsed into a class, against the fake upstream and the simulator.
 */
class OpenAiJavaResponsesTest {

    static JavaClientsGateway gateway;
    static OpenAIClient client;

    /** What structured outputs are parsed into: the SDK derives the JSON schema from this class. */
    public static class City {
        public String name;
        public long population;
        public boolean capital;
    }

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

    @ParameterizedTest
    @ValueSource(strings = {"fake-chat", "fake-native"})
    void responseThenAFollowUpWithThePreviousResponse(String model) {
        Response first = client.responses().create(ResponseCreateParams.builder().model(model)
                .instructions("Be brief.").input("Hello").maxOutputTokens(50).build());

        assertThat(first.id()).startsWith("resp_");
        assertThat(text(first)).isEqualTo(JavaClientsGateway.ANSWER);
        List<FakeOpenAiUpstream.Received> seen = gateway.upstream.requests("up-chat");
        assertThat(seen.get(seen.size() - 1).path())
                .isEqualTo(model.equals("fake-native") ? "/v1/responses" : "/v1/chat/completions");
        assertThat(first.usage()).hasValueSatisfying(u -> assertThat(u.outputTokens()).isPositive());

        Response second = client.responses().create(ResponseCreateParams.builder().model(model)
                .previousResponseId(first.id()).input("And again?").build());
        assertThat(second.previousResponseId()).hasValue(first.id());
        assertThat(client.responses().retrieve(second.id()).id()).isEqualTo(second.id());

        List<ResponseItem> items = new ArrayList<>();
        client.responses().inputItems().list(second.id(), InputItemListParams.builder().limit(2)
                .order(InputItemListParams.Order.ASC).build()).autoPager().forEach(items::add);
        assertThat(items).hasSize(3);
        assertThat(items.get(0).responseInputMessageItem().orElseThrow().content().get(0).inputText().orElseThrow()
                .text()).isEqualTo("Hello");
        assertThat(items.get(1).responseOutputMessage()).isPresent();

        assertThatThrownBy(() -> client.responses().cancel(second.id())).isInstanceOf(BadRequestException.class);
        client.responses().delete(second.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fake-chat", "fake-native"})
    void streamedResponse(String model) {
        StringBuilder text = new StringBuilder();
        List<Response> completed = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model(model).input("Hello").build())) {
            stream.stream().forEach(event -> {
                event.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                event.completed().ifPresent(c -> completed.add(c.response()));
            });
        }
        assertThat(text.toString()).isEqualTo(JavaClientsGateway.ANSWER);
        assertThat(completed).singleElement().satisfies(r -> {
            assertThat(text(r)).isEqualTo(JavaClientsGateway.ANSWER);
            assertThat(r.usage()).hasValueSatisfying(u -> assertThat(u.inputTokens()).isPositive());
        });
    }

    @Test
    void legacyCompletion() {
        Completion c = client.completions().create(CompletionCreateParams.builder().model("fake-chat")
                .prompt("Say hello").maxTokens(20).build());
        assertThat(c.choices().get(0).text()).isEqualTo(JavaClientsGateway.ANSWER);
        assertThat(c.usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isPositive());
    }

    @Test
    void modelRetrieve() {
        Model m = client.models().retrieve("fake-native");
        assertThat(m.id()).isEqualTo("fake-native");
    }

    @Test
    void structuredChatCompletionParsedIntoAClassFromTheSimulator() {
        StructuredChatCompletionCreateParams<City> params = ChatCompletionCreateParams.builder().model("sim-mini")
                .addUserMessage("The largest city of France, as JSON").responseFormat(City.class).build();

        StructuredChatCompletion<City> c = client.chat().completions().create(params);

        City city = c.choices().get(0).message().content().orElseThrow();
        assertThat(city.name).isNotNull();
    }

    @Test
    void structuredResponseParsedIntoAClassFromTheSimulator() {
        StructuredResponseCreateParams<City> params = ResponseCreateParams.builder().model("sim-mini")
                .input("The largest city of France, as JSON").text(City.class).build();

        StructuredResponse<City> r = client.responses().create(params);

        City city = r.output().stream().flatMap(item -> item.message().stream())
                .flatMap(m -> m.content().stream()).flatMap(part -> part.outputText().stream())
                .findFirst().orElseThrow();
        assertThat(city.name).isNotNull();
    }

    private static String text(Response r) {
        StringBuilder sb = new StringBuilder();
        r.output().forEach(item -> item.message().ifPresent(m -> m.content().forEach(
                part -> part.outputText().ifPresent(t -> sb.append(t.text())))));
        return sb.toString();
    }
}
