package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.AnthropicBehavior;
import io.llmrouter.testing.AnthropicReply;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeAnthropicUpstream;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream that breaks inside a tool call (or between the calls of a parallel answer) goes on on the next candidate:
 * asked the request again, as a tool call cannot be prefilled, its answer is spliced when it repeats what the caller
 * has, so the caller reassembles the same tool calls a clean run gives, under the ids it already saw. Only for a
 * deterministic request; an answer that differs ends with the error that broke the stream.
 */
class ToolCallResumeTest {

    static final String WEATHER = "{\"city\":\"Rome\",\"units\":\"metric\",\"days\":3}";
    static final String TIME = "{\"zone\":\"Europe/Rome\",\"format\":\"24h\"}";
    /** The role chunk, the call's opening chunk and two pieces of its arguments: cut inside them. */
    static final int INSIDE_THE_ARGUMENTS = 4;

    static FakeOpenAiUpstream upstream;
    static FakeAnthropicUpstream anthropic;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        anthropic = FakeAnthropicUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                  - { id: anth, type: anthropic, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: primary, provider: fake, upstream: up-primary, price: { input: 1.0, output: 2.0 },
                      capabilities: [chat, tools, streaming] }
                  - { id: backup, provider: fake, upstream: up-backup, price: { input: 1.0, output: 2.0 },
                      capabilities: [chat, tools, streaming, prefill] }
                  - { id: claude, provider: anth, upstream: up-claude, price: { input: 3.0, output: 15.0 },
                      capabilities: [chat, tools, streaming, prefill] }
                """.formatted(upstream.baseUrl(), anthropic.baseUrl()), Map.of(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
        anthropic.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        anthropic.reset();
        upstream.on("up-backup", Behavior.toolCalls("get_weather", WEATHER));
    }

    /** A streamed chat request offering two tools; {@code sampling} is its temperature or seed field, if any. */
    static String request(String sampling, String... models) {
        return """
                {"models":[%s],"stream":true,"stream_options":{"include_usage":true},%s
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},
                          {"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}}],
                 "messages":[{"role":"user","content":"Weather and time in Rome?"}]}"""
                .formatted("\"" + String.join("\",\"", models) + "\"", sampling.isEmpty() ? "" : sampling + ",");
    }

    /** One tool call as the caller reassembles it, with every id its deltas carried. */
    record CallSeen(Set<String> ids, String name, String arguments) {
    }

    /** The caller's view of a streamed answer: its tool calls by index, chunk ids, finish reason, usage, end. */
    record Answer(List<CallSeen> calls, Set<String> ids, String finish, JsonNode usage, boolean done, String error) {
    }

    static Answer read(String sse) throws Exception {
        TreeMap<Integer, Set<String>> callIds = new TreeMap<>();
        TreeMap<Integer, StringBuilder> names = new TreeMap<>();
        TreeMap<Integer, StringBuilder> args = new TreeMap<>();
        Set<String> ids = new LinkedHashSet<>();
        String finish = null;
        JsonNode usage = null;
        boolean done = false;
        String error = null;
        for (String block : sse.split("\n\n")) {
            if (!block.startsWith("data: ")) {
                continue;
            }
            String data = block.substring(6);
            if (data.equals("[DONE]")) {
                done = true;
                continue;
            }
            JsonNode e = Json.MAPPER.readTree(data);
            if (e.has("error")) {
                error = e.path("error").path("code").asText();
                continue;
            }
            ids.add(e.path("id").asText());
            for (JsonNode c : e.path("choices")) {
                for (JsonNode t : c.path("delta").path("tool_calls")) {
                    int i = t.path("index").asInt();
                    Set<String> seen = callIds.computeIfAbsent(i, k -> new LinkedHashSet<>());
                    if (t.hasNonNull("id")) {
                        seen.add(t.path("id").asText());
                    }
                    names.computeIfAbsent(i, k -> new StringBuilder()).append(t.path("function").path("name").asText(""));
                    args.computeIfAbsent(i, k -> new StringBuilder())
                            .append(t.path("function").path("arguments").asText(""));
                }
                if (c.hasNonNull("finish_reason")) {
                    finish = c.path("finish_reason").asText();
                }
            }
            if (e.hasNonNull("usage")) {
                usage = e.path("usage");
            }
        }
        List<CallSeen> calls = new ArrayList<>();
        callIds.forEach((i, seen) -> calls.add(new CallSeen(seen, names.get(i).toString(), args.get(i).toString())));
        return new Answer(calls, ids, finish, usage, done, error);
    }

    static Answer stream(String body) throws Exception {
        HttpResponse<String> r = gw.chat(body);
        assertThat(r.statusCode()).isEqualTo(200);
        return read(r.body());
    }

    /** What the caller gets when the primary answers whole. */
    static Answer clean(String sampling, String... nameThenArguments) throws Exception {
        upstream.on("up-primary", Behavior.toolCalls(nameThenArguments));
        Answer a = stream(request(sampling, "primary", "backup"));
        assertThat(a.error()).isNull();
        upstream.reset();
        return a;
    }

    @Test
    void aToolCallCutInsideItsArgumentsIsFinishedSeamlesslyByTheFallback() throws Exception {
        Answer clean = clean("\"temperature\":0", "get_weather", WEATHER);
        upstream.on("up-primary", Behavior.toolCallsCutAfter(INSIDE_THE_ARGUMENTS, "get_weather", WEATHER));
        upstream.on("up-backup", Behavior.toolCalls("get_weather", WEATHER));

        Answer a = stream(request("\"temperature\":0", "primary", "backup"));

        assertThat(a.error()).isNull();
        assertThat(a.calls()).isEqualTo(clean.calls());
        assertThat(a.calls().get(0).ids()).containsExactly("call_up-primary_1");
        assertThat(Json.MAPPER.readTree(a.calls().get(0).arguments())).isEqualTo(Json.MAPPER.readTree(WEATHER));
        assertThat(a.ids()).hasSize(1);
        assertThat(a.finish()).isEqualTo("tool_calls");
        assertThat(a.done()).isTrue();
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
        JsonNode asked = upstream.requests("up-backup").get(0).body().path("messages");
        assertThat(asked.get(asked.size() - 1).path("role").asText())
                .as("a tool call is not prefilled, even where prefill is supported").isEqualTo("user");
    }

    @Test
    void theResumedToolCallHasOneUsageSummedAndEachDeploymentBilledItsPart() throws Exception {
        upstream.on("up-primary", Behavior.toolCallsCutAfter(INSIDE_THE_ARGUMENTS, "get_weather", WEATHER));
        Map<String, Double> before = gw.engine().state().spendByModel();

        Answer a = stream(request("\"seed\":7", "primary", "backup"));

        assertThat(a.error()).isNull();
        assertThat(a.usage().path("prompt_tokens").asInt()).isEqualTo(10);
        assertThat(a.usage().path("completion_tokens").asInt())
                .as("the fallback's 12 and the broken part's estimate").isGreaterThan(12);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Double> spent = gw.engine().state().spendByModel();
            assertThat(spent.getOrDefault("backup", 0d) - before.getOrDefault("backup", 0d))
                    .as("the fallback at its own usage").isCloseTo((10 * 1.0 + 12 * 2.0) / 1e6, within(1e-12));
            assertThat(spent.getOrDefault("primary", 0d) - before.getOrDefault("primary", 0d))
                    .as("the broken part at its estimate").isPositive();
        });
    }

    @Test
    void parallelToolCallsCutBetweenTheCallsGoOnWithTheNextCall() throws Exception {
        String[] calls = {"get_weather", WEATHER, "get_time", TIME};
        Answer clean = clean("\"seed\":7", calls);
        int weatherPieces = (WEATHER.length() + Behavior.ARGUMENT_PIECE - 1) / Behavior.ARGUMENT_PIECE;
        upstream.on("up-primary", Behavior.toolCallsCutAfter(2 + weatherPieces, calls));
        upstream.on("up-backup", Behavior.toolCalls(calls));

        Answer a = stream(request("\"seed\":7", "primary", "backup"));

        assertThat(a.error()).isNull();
        assertThat(a.calls()).extracting(CallSeen::name, CallSeen::arguments)
                .isEqualTo(clean.calls().stream().map(c -> org.assertj.core.groups.Tuple.tuple(c.name(),
                        c.arguments())).toList());
        assertThat(a.calls().get(0).ids()).containsExactly("call_up-primary_1");
        assertThat(a.calls().get(1).ids()).as("a call the caller had not seen").containsExactly("call_up-backup_2");
        assertThat(a.finish()).isEqualTo("tool_calls");
        assertThat(a.done()).isTrue();
    }

    @Test
    void parallelToolCallsCutInsideTheSecondCallGoOnWithItsArguments() throws Exception {
        String[] calls = {"get_weather", WEATHER, "get_time", TIME};
        Answer clean = clean("\"temperature\":0", calls);
        int weatherPieces = (WEATHER.length() + Behavior.ARGUMENT_PIECE - 1) / Behavior.ARGUMENT_PIECE;
        upstream.on("up-primary", Behavior.toolCallsCutAfter(2 + weatherPieces + 3, calls));
        upstream.on("up-backup", Behavior.toolCalls(calls));

        Answer a = stream(request("\"temperature\":0", "primary", "backup"));

        assertThat(a.error()).isNull();
        assertThat(a.calls()).isEqualTo(clean.calls());
        assertThat(a.done()).isTrue();
    }

    @Test
    void aRequestThatIsNotDeterministicEndsWithTheErrorThatBrokeIt() throws Exception {
        upstream.on("up-primary", Behavior.toolCallsCutAfter(INSIDE_THE_ARGUMENTS, "get_weather", WEATHER));

        Answer a = stream(request("\"temperature\":0.7", "primary", "backup"));

        assertThat(a.error()).isEqualTo("upstream_stream_cut");
        assertThat(a.done()).isFalse();
        assertThat(WEATHER).startsWith(a.calls().get(0).arguments());
        assertThat(upstream.attempts("up-backup")).isZero();
    }

    @Test
    void aFallbackCallingAnotherToolIsNotSplicedAndTheCallerSeesTheFirstFailure() throws Exception {
        upstream.on("up-primary", Behavior.toolCallsCutAfter(INSIDE_THE_ARGUMENTS, "get_weather", WEATHER));
        upstream.on("up-backup", Behavior.toolCalls("get_time", TIME));

        Answer a = stream(request("\"temperature\":0", "primary", "backup"));

        assertThat(a.error()).isEqualTo("upstream_stream_cut");
        assertThat(a.done()).isFalse();
        assertThat(a.calls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("get_weather");
            assertThat(WEATHER).startsWith(c.arguments());
        });
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
    }

    @Test
    void aFallbackWithOtherArgumentsIsNotSpliced() throws Exception {
        upstream.on("up-primary", Behavior.toolCallsCutAfter(INSIDE_THE_ARGUMENTS, "get_weather", WEATHER));
        upstream.on("up-backup", Behavior.toolCalls("get_weather", "{\"city\":\"Paris\"}"));

        Answer a = stream(request("\"temperature\":0", "primary", "backup"));

        assertThat(a.error()).isEqualTo("upstream_stream_cut");
        assertThat(WEATHER).startsWith(a.calls().get(0).arguments());
    }

    @Test
    void anAnthropicFallbackFinishesTheToolCallFromItsToolUseStream() throws Exception {
        Answer clean = clean("\"temperature\":0", "get_weather", WEATHER);
        upstream.on("up-primary", Behavior.toolCallsCutAfter(INSIDE_THE_ARGUMENTS, "get_weather", WEATHER));
        anthropic.on("up-claude", AnthropicBehavior.reply(AnthropicReply.tools(null, "get_weather", WEATHER)));

        Answer a = stream(request("\"temperature\":0", "primary", "claude"));

        assertThat(a.error()).isNull();
        assertThat(a.calls()).isEqualTo(clean.calls());
        assertThat(a.finish()).isEqualTo("tool_calls");
        assertThat(a.usage().path("completion_tokens").asInt()).isGreaterThan(40);
        assertThat(a.done()).isTrue();
        assertThat(anthropic.requests()).hasSize(1);
    }

    @Test
    void anAnthropicToolUseCutInsideItsInputIsFinishedByAnOpenAiFallback() throws Exception {
        // message_start, the tool_use block's start, its empty and first input_json_delta: cut inside the input
        anthropic.on("up-claude", AnthropicBehavior.cutAfter(4, AnthropicReply.tools(null, "get_weather", WEATHER)));

        Answer a = stream(request("\"temperature\":0", "claude", "backup"));

        assertThat(a.error()).isNull();
        assertThat(a.calls()).singleElement().satisfies(c -> {
            assertThat(c.ids()).containsExactly("toolu_01");
            assertThat(c.name()).isEqualTo("get_weather");
            assertThat(c.arguments()).isEqualTo(WEATHER);
        });
        assertThat(a.finish()).isEqualTo("tool_calls");
        assertThat(a.done()).isTrue();
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
    }

    @Test
    void anAnthropicCallerGetsOneToolUseBlockWhoseInputIsWhole() throws Exception {
        upstream.on("up-primary", Behavior.toolCallsCutAfter(INSIDE_THE_ARGUMENTS, "get_weather", WEATHER));
        // the Messages API names one model: the router's choice, in catalog order, gives the fallbacks
        HttpRequest post = HttpRequest.newBuilder(URI.create(gw.url("/v1/messages")))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("x-llmrouter-strategy", "ordered")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"auto","max_tokens":256,"stream":true,"temperature":0,
                         "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],
                         "messages":[{"role":"user","content":"Weather in Rome?"}]}""")).build();

        HttpResponse<String> r = gw.http().send(post, HttpResponse.BodyHandlers.ofString());

        SseEvents events = SseEvents.parse(r.body());
        assertThat(events.names()).doesNotContain("error").endsWith("message_delta", "message_stop");
        List<JsonNode> starts = events.named("content_block_start");
        assertThat(starts).singleElement().satisfies(s -> {
            assertThat(s.path("content_block").path("type").asText()).isEqualTo("tool_use");
            assertThat(s.path("content_block").path("id").asText()).isEqualTo("call_up-primary_1");
        });
        StringBuilder input = new StringBuilder();
        for (JsonNode d : events.named("content_block_delta")) {
            assertThat(d.path("delta").path("type").asText()).isEqualTo("input_json_delta");
            input.append(d.path("delta").path("partial_json").asText());
        }
        assertThat(Json.MAPPER.readTree(input.toString())).isEqualTo(Json.MAPPER.readTree(WEATHER));
        assertThat(events.named("message_delta").get(0).path("delta").path("stop_reason").asText())
                .isEqualTo("tool_use");
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
    }

    @Test
    void theOfficialSdksAssembleTheResumedToolCallAsOneWholeCall() throws Exception {
        upstream.on("up-primary", Behavior.toolCallsCutAfter(INSIDE_THE_ARGUMENTS, "get_weather", WEATHER));

        ConformanceScript.run("sdk-tool-stream.mjs", "openai", List.of(gw.url(""), "get_weather", WEATHER,
                "call_up-primary_1", "primary,backup"));

        assertThat(upstream.attempts("up-backup")).as("once for each SDK").isEqualTo(2);
    }
}
