package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.AnthropicBehavior;
import io.llmrouter.testing.AnthropicReply;
import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/** Anthropic's Messages API at /v1/messages is served by any catalog model and answers in Anthropic's shapes. */
class AnthropicMessagesTest extends GatewayTestSupport {

    private static final String HELLO = """
            {"model":"%s","max_tokens":256,"system":"Be brief.","messages":[{"role":"user","content":"Hello"}]%s}""";

    @Test
    void aMessageServedByAnOpenAiModelComesBackAsAnAnthropicMessage() throws Exception {
        upstream.on("up-a", Behavior.text("Hi there"));
        HttpResponse<String> r = post("/v1/messages", HELLO.formatted("model-a", ""));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("model-a");
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("id").asText()).startsWith("msg_");
        assertThat(body.path("model").asText()).isEqualTo("model-a");
        assertThat(body.path("content").toString()).isEqualTo("[{\"type\":\"text\",\"text\":\"Hi there\"}]");
        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.path("usage").path("input_tokens").asInt()).isEqualTo(10);
        assertThat(body.path("usage").path("output_tokens").asInt()).isEqualTo(2);
        JsonNode sent = upstream.requests("up-a").get(0).body();
        assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(sent.path("messages").get(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(sent.path("messages").get(1).path("content").asText()).isEqualTo("Hello");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(256);
    }

    @Test
    void aToolUseRoundTripThroughAnOpenAiModelKeepsToolsCallsResultsAndUsage() throws Exception {
        upstream.on("up-a", Behavior.toolCall("get_weather", "{\"city\":\"Rome\"}"));
        HttpResponse<String> r = post("/v1/messages", """
                {"model":"model-a","max_tokens":256,
                 "tools":[{"name":"get_weather","description":"Weather of a city",
                   "input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
                 "tool_choice":{"type":"any","disable_parallel_tool_use":true},
                 "messages":[{"role":"user","content":"Weather in Paris, then Rome?"},
                   {"role":"assistant","content":[{"type":"text","text":"Checking Paris."},
                     {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"18C"},
                     {"type":"text","text":"Now Rome."}]}]}""");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode use = body.path("content").get(0);
        assertThat(use.path("type").asText()).isEqualTo("tool_use");
        assertThat(use.path("id").asText()).isEqualTo("call_fake_1");
        assertThat(use.path("name").asText()).isEqualTo("get_weather");
        assertThat(use.path("input").toString()).isEqualTo("{\"city\":\"Rome\"}");
        assertThat(body.path("usage").path("output_tokens").asInt()).isEqualTo(12);

        JsonNode sent = upstream.requests("up-a").get(0).body();
        assertThat(sent.path("tools").get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(sent.path("tools").get(0).path("function").path("parameters").path("type").asText())
                .isEqualTo("object");
        assertThat(sent.path("tool_choice").asText()).isEqualTo("required");
        assertThat(sent.path("parallel_tool_calls").asBoolean(true)).isFalse();
        JsonNode messages = sent.path("messages");
        assertThat(messages.get(1).path("tool_calls").get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"city\":\"Paris\"}");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo("toolu_01");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("18C");
        assertThat(messages.get(3).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("Now Rome.");
    }

    @Test
    void aStreamedMessageAnswersWithAnthropicsEventSequence() throws Exception {
        upstream.on("up-a", Behavior.text("Hello from far away"));
        HttpResponse<String> r = post("/v1/messages", HELLO.formatted("model-a", ",\"stream\":true"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        SseEvents events = SseEvents.parse(r.body());
        assertThat(events.names()).startsWith("message_start", "content_block_start", "content_block_delta")
                .endsWith("content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(events.events()).allSatisfy(e -> assertThat(e.json().path("type").asText()).isEqualTo(e.name()));
        StringBuilder text = new StringBuilder();
        events.named("content_block_delta").forEach(d -> text.append(d.path("delta").path("text").asText()));
        assertThat(text.toString()).isEqualTo("Hello from far away");
        JsonNode delta = events.named("message_delta").get(0);
        assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.path("usage").path("output_tokens").asInt()).isEqualTo(4);
        assertThat(delta.path("usage").path("input_tokens").asInt()).isEqualTo(10);
        assertThat(events.named("message_start").get(0).path("message").path("model").asText()).isEqualTo("model-a");
    }

    @Test
    void aStreamedToolCallBecomesAToolUseBlockWithInputJsonDeltas() throws Exception {
        upstream.on("up-a", Behavior.toolCall("get_weather", "{\"city\":\"Rome\"}"));
        HttpResponse<String> r = post("/v1/messages", """
                {"model":"model-a","max_tokens":256,"stream":true,
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],
                 "messages":[{"role":"user","content":"Weather in Rome?"}]}""");
        SseEvents events = SseEvents.parse(r.body());
        JsonNode start = events.named("content_block_start").get(0);
        assertThat(start.path("content_block").path("type").asText()).isEqualTo("tool_use");
        assertThat(start.path("content_block").path("id").asText()).isEqualTo("call_fake_1");
        assertThat(start.path("content_block").path("name").asText()).isEqualTo("get_weather");
        StringBuilder json = new StringBuilder();
        for (JsonNode d : events.named("content_block_delta")) {
            assertThat(d.path("delta").path("type").asText()).isEqualTo("input_json_delta");
            assertThat(d.path("index").asInt()).isEqualTo(start.path("index").asInt());
            json.append(d.path("delta").path("partial_json").asText());
        }
        assertThat(json.toString()).isEqualTo("{\"city\":\"Rome\"}");
        assertThat(events.named("message_delta").get(0).path("delta").path("stop_reason").asText())
                .isEqualTo("tool_use");
        assertThat(events.names()).endsWith("message_stop");
    }

    @Test
    void aMessageServedByAnAnthropicModelKeepsContentToolUseAndCacheUsage() throws Exception {
        anthropic.on("up-claude", AnthropicBehavior.reply(AnthropicReply.tools("Let me look.",
                "get_weather", "{\"city\":\"Paris\"}", "get_time", "{\"zone\":\"CET\"}").withUsage(20, 30, 1000, 0)));
        HttpResponse<String> r = post("/v1/messages", """
                {"model":"claude-a","max_tokens":300,"system":"Be brief.",
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}},
                   {"name":"get_time","input_schema":{"type":"object"}}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                   {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}]}""");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("content").get(0).path("text").asText()).isEqualTo("Let me look.");
        assertThat(body.path("content").get(1).path("input").toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(body.path("content").get(2).path("name").asText()).isEqualTo("get_time");
        assertThat(body.path("usage").path("input_tokens").asInt()).isEqualTo(20);
        assertThat(body.path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(1000);
        assertThat(body.path("usage").path("output_tokens").asInt()).isEqualTo(30);
        JsonNode sent = anthropic.requests().get(0).body();
        assertThat(sent.path("system").asText()).isEqualTo("Be brief.");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(sent.path("messages").get(0).path("content").get(1).path("source").path("data").asText())
                .isEqualTo("iVBORw0KGgo=");
    }

    @Test
    void streamedEventsReachTheClientAsTheyArriveNotAtTheEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.on("up-a", Behavior.heldAfterFirstChunk("First then the rest", release));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/v1/messages"))).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO.formatted("model-a", ",\"stream\":true"))).build();
        HttpResponse<Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = r.body().iterator();
        // the upstream holds everything after its first word until released: that word must already be here
        String firstDelta = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data: ") && line.contains("text_delta")) {
                    return line;
                }
            }
            return null;
        }).get(10, TimeUnit.SECONDS);
        assertThat(firstDelta).contains("\"text\":\"First\"");
        release.countDown();
        StringBuilder rest = new StringBuilder();
        lines.forEachRemaining(l -> rest.append(l).append('\n'));
        assertThat(rest.toString()).contains("event: message_stop");
    }

    @Test
    void aStreamedMessageFromAnAnthropicModelKeepsParallelToolUseBlocks() throws Exception {
        anthropic.on("up-claude", AnthropicBehavior.reply(AnthropicReply.tools("Checking.",
                "get_weather", "{\"city\":\"Paris\"}", "get_weather", "{\"city\":\"Rome\"}")));
        HttpResponse<String> r = post("/v1/messages", """
                {"model":"claude-a","max_tokens":300,"stream":true,
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],
                 "messages":[{"role":"user","content":"Weather in Paris and Rome?"}]}""");
        SseEvents events = SseEvents.parse(r.body());
        List<JsonNode> starts = events.named("content_block_start");
        assertThat(starts).extracting(s -> s.path("content_block").path("type").asText())
                .containsExactly("text", "tool_use", "tool_use");
        assertThat(starts).extracting(s -> s.path("index").asInt()).containsExactly(0, 1, 2);
        assertThat(starts.get(2).path("content_block").path("id").asText()).isEqualTo("toolu_02");
        StringBuilder second = new StringBuilder();
        events.named("content_block_delta").stream().filter(d -> d.path("index").asInt() == 2)
                .forEach(d -> second.append(d.path("delta").path("partial_json").asText()));
        assertThat(second.toString()).isEqualTo("{\"city\":\"Rome\"}");
        assertThat(events.named("content_block_stop")).hasSize(3);
        JsonNode delta = events.named("message_delta").get(0);
        assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.path("usage").path("output_tokens").asInt()).isEqualTo(40);
        assertThat(delta.path("usage").path("input_tokens").asInt()).isEqualTo(25);
    }

    @Test
    void countTokensAnswersTheRoutersEstimate() throws Exception {
        HttpResponse<String> r = post("/v1/messages/count_tokens", """
                {"model":"claude-a","system":"Be brief.","messages":[{"role":"user","content":"Hello, how are you today?"}]}""");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("input_tokens");
        assertThat(body.path("input_tokens").asInt()).isBetween(5, 30);
        assertThat(anthropic.requests()).isEmpty();
    }

    @Test
    void aMissingMaxTokensIsAnInvalidRequestError() throws Exception {
        HttpResponse<String> r = post("/v1/messages",
                "{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertError(r, 400, "invalid_request_error", "max_tokens");
    }

    @Test
    void anUnknownModelIsANotFoundError() throws Exception {
        assertError(post("/v1/messages", HELLO.formatted("no-such-model", "")), 404, "not_found_error", "no-such-model");
    }

    @Test
    void aRateLimitedUpstreamWithNoOtherCandidateIsAnOverloadedError() throws Exception {
        // the router answers 503 when every candidate was busy; Anthropic's SDKs retry overloaded_error
        upstream.on("up-b", Behavior.rateLimited(null));
        assertError(post("/v1/messages", HELLO.formatted("model-b", "")), 503, "overloaded_error", "model-b");
    }

    @Test
    void anOverloadedAnthropicUpstreamIsAnOverloadedError() throws Exception {
        anthropic.on("up-claude", AnthropicBehavior.error(529, "overloaded_error", "Overloaded", null));
        assertError(post("/v1/messages", HELLO.formatted("claude-a", "")), 503, "overloaded_error", "Overloaded");
    }

    @Test
    void anUnreachableUpstreamIsAnApiError() throws Exception {
        HttpResponse<String> r = post("/v1/messages", HELLO.formatted("model-dead", ""));
        assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
        assertError(r, r.statusCode(), "api_error", null);
    }

    @Test
    void aBodyThatIsNotJsonIsAnInvalidRequestError() throws Exception {
        assertError(post("/v1/messages", "{not json"), 400, "invalid_request_error", null);
    }

    private static void assertError(HttpResponse<String> r, int status, String type, String inMessage) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo(type);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        if (inMessage != null) {
            assertThat(body.path("error").path("message").asText()).contains(inMessage);
        }
        assertThat(List.of(body.fieldNames().next())).containsExactly("type");
    }
}
