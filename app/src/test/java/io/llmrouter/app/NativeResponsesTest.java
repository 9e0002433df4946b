package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.llmrouter.testing.FakeOpenAiUpstream.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Responses requests to a provider marked {@code responses_api: native} go to its own {@code /v1/responses} and its
 * answer comes back as it made it, under the gateway's id; other OpenAI-compatible providers still get them
 * translated to Chat Completions, and a conversation moves between the two.
 */
class NativeResponsesTest {

    /** The fake's Responses usage: 10 input tokens (4 cached, at half price) and one output token a word. */
    private static final double THREE_WORDS_USD = (6 * 1.0 + 4 * 0.5 + 3 * 2.0) / 1_000_000;

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: openai-like, type: openai, base_url: %1$s, api_key_env: FAKE_KEY, responses_api: native }
                  - { id: compatible, type: openai, base_url: %1$s, api_key_env: FAKE_KEY }
                models:
                  - id: native-a
                    provider: openai-like
                    upstream: up-native
                    price: { input: 1.0, output: 2.0, cached_input: 0.5 }
                    capabilities: [chat, tools, json_schema, streaming]
                  - id: compat-b
                    provider: compatible
                    upstream: up-compat
                    price: { input: 1.0, output: 2.0 }
                    capabilities: [chat, tools, json_schema, streaming]
                """.formatted(upstream.baseUrl()), Map.of(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    @Test
    void aNativeProviderIsSentTheResponsesRequestWithItsModelAndTheGatewaysKey() throws Exception {
        upstream.on("up-native", Behavior.text("one two three"));
        double before = spend();

        HttpResponse<String> r = responses("""
                {"model":"native-a","instructions":"Be brief.","input":"Hi","max_output_tokens":50,
                 "metadata":{"ticket":"42"},"router":{"strategy":"cost"}}""", "Bearer sk-callers-own");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Received sent = upstream.requests("up-native").get(0);
        assertThat(sent.path()).isEqualTo("/v1/responses");
        assertThat(sent.headers().get("authorization")).isEqualTo("Bearer " + GatewayFixture.FAKE_KEY);
        assertThat(sent.body().path("model").asText()).isEqualTo("up-native");
        assertThat(sent.body().path("store").asBoolean(true)).isFalse();
        assertThat(sent.body().path("instructions").asText()).isEqualTo("Be brief.");
        assertThat(sent.body().path("max_output_tokens").asInt()).isEqualTo(50);
        assertThat(sent.body().path("input").get(0).path("content").asText()).isEqualTo("Hi");
        assertThat(sent.body().has("router")).isFalse();
        assertThat(sent.body().has("stream")).isFalse();

        JsonNode body = json(r);
        assertThat(body.path("id").asText()).startsWith("resp_").doesNotStartWith("resp_fake");
        assertThat(body.path("model").asText()).isEqualTo("native-a");
        assertThat(body.path("store").asBoolean()).isTrue();
        assertThat(body.path("output").get(0).path("id").asText()).startsWith("msg_fake");
        assertThat(body.path("output").get(0).path("content").get(0).path("text").asText())
                .isEqualTo("one two three");
        assertThat(body.path("usage").path("input_tokens_details").path("cached_tokens").asInt()).isEqualTo(4);
        assertThat(r.headers().firstValue("x-llmrouter-model")).hasValue("native-a");
        assertThat(spend() - before).isCloseTo(THREE_WORDS_USD, within(1e-12));

        HttpResponse<String> stored = gw.http().send(HttpRequest.newBuilder(URI.create(gw.url("/v1/responses/"
                + body.path("id").asText()))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(stored)).isEqualTo(body);
    }

    @Test
    void aCompatibleProviderStillGetsTheRequestTranslatedToChat() throws Exception {
        upstream.on("up-compat", Behavior.text("from chat"));

        HttpResponse<String> r = responses("{\"model\":\"compat-b\",\"input\":\"Hi\"}", null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(upstream.requests("up-compat").get(0).path()).isEqualTo("/v1/chat/completions");
        assertThat(json(r).path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("from chat");
    }

    @Test
    void aNativeProviderFailingBeforeItsFirstByteFailsOverToATranslatedOne() throws Exception {
        upstream.on("up-native", Behavior.serverError());
        upstream.on("up-compat", Behavior.text("rescued"));

        HttpResponse<String> r = responses("{\"models\":[\"native-a\",\"compat-b\"],\"input\":\"Hi\",\"stream\":true,"
                + "\"router\":{\"strategy\":\"ordered\"}}", null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(upstream.requests("up-native").get(0).path()).isEqualTo("/v1/responses");
        assertThat(upstream.requests("up-compat").get(0).path()).isEqualTo("/v1/chat/completions");
        SseEvents events = SseEvents.parse(r.body());
        assertThat(events.names()).startsWith("response.created").endsWith("response.completed");
        assertThat(events.named("response.completed").get(0).path("response").path("model").asText())
                .isEqualTo("compat-b");
    }

    @Test
    void aNativeStreamPassesTheUpstreamsEventsUnderTheGatewaysIdAndIsBilled() throws Exception {
        upstream.on("up-native", Behavior.text("one two three"));
        double before = spend();

        HttpResponse<String> r = responses("{\"model\":\"native-a\",\"input\":\"Hi\",\"stream\":true}", null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Received sent = upstream.requests("up-native").get(0);
        assertThat(sent.path()).isEqualTo("/v1/responses");
        assertThat(sent.body().path("stream").asBoolean()).isTrue();
        SseEvents events = SseEvents.parse(r.body());
        assertThat(events.names()).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
        for (int i = 0; i < events.events().size(); i++) {
            assertThat(events.events().get(i).json().path("sequence_number").asInt()).isEqualTo(i);
        }
        String id = events.named("response.created").get(0).path("response").path("id").asText();
        assertThat(id).startsWith("resp_").doesNotStartWith("resp_fake");
        JsonNode completed = events.named("response.completed").get(0).path("response");
        assertThat(completed.path("id").asText()).isEqualTo(id);
        assertThat(completed.path("usage").path("output_tokens").asInt()).isEqualTo(3);
        assertThat(events.named("response.output_text.delta").get(0).path("item_id").asText())
                .startsWith("msg_fake");
        await(() -> spend() - before, THREE_WORDS_USD);

        HttpResponse<String> stored = gw.http().send(HttpRequest.newBuilder(URI.create(gw.url("/v1/responses/" + id)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(stored).path("output")).isEqualTo(completed.path("output"));
    }

    @Test
    void aTranslatedStreamCutMidAnswerIsFinishedInChatsWordsEvenByANativeProvider() throws Exception {
        upstream.on("up-compat", Behavior.cutAfter(3, "one two three four five"));
        upstream.on("up-native", Behavior.text("one two three four five"));

        HttpResponse<String> r = responses("{\"models\":[\"compat-b\",\"native-a\"],\"input\":\"Hi\","
                + "\"stream\":true,\"router\":{\"strategy\":\"ordered\"}}", null);

        assertThat(upstream.requests("up-native").get(0).path()).isEqualTo("/v1/chat/completions");
        SseEvents events = SseEvents.parse(r.body());
        assertThat(events.names()).endsWith("response.completed");
        StringBuilder text = new StringBuilder();
        events.named("response.output_text.delta").forEach(d -> text.append(d.path("delta").asText()));
        assertThat(text.toString()).isEqualTo("one two three four five");
    }

    @Test
    void aConversationContinuesAcrossANativeAndATranslatedTurn() throws Exception {
        upstream.on("up-native", Behavior.toolCall("get_weather", "{\"city\":\"Paris\"}"));
        JsonNode first = json(responses("""
                {"model":"native-a","input":"Weather in Paris?","tools":[{"type":"function","name":"get_weather",
                 "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]}""", null));
        assertThat(first.path("output").get(0).path("type").asText()).isEqualTo("function_call");

        upstream.on("up-compat", Behavior.text("It is sunny."));
        JsonNode second = json(responses("{\"model\":\"compat-b\",\"previous_response_id\":\"" + first.path("id")
                .asText() + "\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"call_fake_1\","
                + "\"output\":\"sunny\"}]}", null));

        JsonNode messages = upstream.requests("up-compat").get(0).body().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("tool_calls").get(0).path("id").asText()).isEqualTo("call_fake_1");
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo("call_fake_1");

        upstream.on("up-native", Behavior.text("Anything else?"));
        HttpResponse<String> third = responses("{\"model\":\"native-a\",\"previous_response_id\":\""
                + second.path("id").asText() + "\",\"input\":\"Thanks\"}", null);

        assertThat(third.statusCode()).as(third.body()).isEqualTo(200);
        assertThat(json(third).path("previous_response_id").asText()).isEqualTo(second.path("id").asText());
        JsonNode sent = upstream.requests("up-native").get(1).body();
        assertThat(sent.has("previous_response_id")).isFalse();
        assertThat(sent.path("input")).hasSize(5);
        assertThat(sent.path("input").get(0).path("content").asText()).isEqualTo("Weather in Paris?");
        assertThat(sent.path("input").get(1).path("type").asText()).isEqualTo("function_call");
        assertThat(sent.path("input").get(2).path("type").asText()).isEqualTo("function_call_output");
        assertThat(sent.path("input").get(3).path("role").asText()).isEqualTo("assistant");
        assertThat(sent.path("input").get(4).path("content").asText()).isEqualTo("Thanks");
        assertThat(sent.path("input").findValues("id")).as("ids the upstream never stored").isEmpty();
    }

    @Test
    void aNativeStreamWithAChatStyleDoneAfterItsLastEventIsWhole() throws Exception {
        upstream.on("up-native", Behavior.responsesWithDone("all of it"));

        HttpResponse<String> r = responses("{\"model\":\"native-a\",\"input\":\"Hi\",\"stream\":true}", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("event: response.completed").doesNotContain("response.failed");
        assertThat(r.headers().firstValue("x-llmrouter-model")).hasValue("native-a");
    }

    @Test
    void aNativeFailureForTheCallersOwnInputIsA400ThatNoOtherProviderIsAsked() throws Exception {
        upstream.on("up-native", Behavior.responsesFailed("invalid_prompt", "The prompt was flagged."));
        upstream.on("up-compat", Behavior.text("should not be asked"));

        HttpResponse<String> r = responses("{\"models\":[\"native-a\",\"compat-b\"],\"input\":\"Hi\","
                + "\"stream\":true}", null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).path("error").path("code").asText()).isEqualTo("invalid_prompt");
        assertThat(upstream.requests("up-compat")).as("not failed over").isEmpty();
    }

    @Test
    void aNativeProvidersErrorReachesTheCallerInOpenAisShape() throws Exception {
        upstream.on("up-native", Behavior.contextLengthExceeded(8000));

        HttpResponse<String> r = responses("{\"model\":\"native-a\",\"input\":\"Hi\"}", null);

        JsonNode error = GatewayTestSupport.assertOpenAiError(r, 400).path("code");
        assertThat(error.asText()).isEqualTo("context_length_exceeded");
        assertThat(r.body()).doesNotContain(GatewayFixture.FAKE_KEY);
    }

    private static double spend() {
        return gw.engine().state().spend("default");
    }

    private static void await(java.util.function.DoubleSupplier value, double expected) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(value.getAsDouble()).isCloseTo(expected, within(1e-12)));
    }

    private static HttpResponse<String> responses(String json, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url("/v1/responses")))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return gw.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }
}
