package io.llmrouter.provider.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.sim.SimProfile;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.StreamRecorder;
import io.llmrouter.time.VertxClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator acts like a real provider (usage, streams, valid tool calls, failures) and says it is simulated. */
class SimAdapterTest {

    private static final SimProfile FAST = new SimProfile(5, 0, 2000, 12, 0, List.of("server_error"), 0);
    private static final String TOOLS = """
            {"messages":[{"role":"user","content":"What's the weather in Paris?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{
                "type":"object",
                "properties":{
                  "city":{"type":"string"},
                  "unit":{"type":"string","enum":["celsius","fahrenheit"]},
                  "days":{"type":"integer"},
                  "detailed":{"type":"boolean"},
                  "where":{"type":"object","properties":{"lat":{"type":"number"},"lon":{"type":"number"}},"required":["lat","lon"]},
                  "tags":{"type":"array","items":{"type":"string"}},
                  "optional_note":{"type":"string"}
                },
                "required":["city","unit","days","detailed","where","tags"]}}}]}
            """;

    private static Vertx vertx;
    private static SimAdapter adapter;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        adapter = new SimAdapter(new VertxClock(vertx));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static CallOptions options() {
        return new CallOptions(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), new CancelToken());
    }

    private static Deployment sim(SimProfile p) {
        return FakeCatalog.sim("sim-a", p);
    }

    @Test
    void answersWithALabelledTextAndReportsUsage() throws Exception {
        ChatResponse r = adapter.chat(sim(FAST), RequestCodec.readChat(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}"), options()).get(10, TimeUnit.SECONDS);

        assertThat(r.firstText()).startsWith("[simulated sim-a]").contains("Tell me a story");
        assertThat(r.model).isEqualTo("sim-a");
        assertThat(r.choices.get(0).finishReason).isEqualTo("stop");
        assertThat(r.usage.promptTokens).isPositive();
        assertThat(r.usage.completionTokens).isEqualTo(12);
        assertThat(r.usage.totalTokens).isEqualTo(r.usage.promptTokens + 12);
    }

    @Test
    void stopsAtMaxTokensWithFinishReasonLength() throws Exception {
        ChatResponse r = adapter.chat(sim(FAST), RequestCodec.readChat(
                "{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()).get(10, TimeUnit.SECONDS);

        assertThat(r.choices.get(0).finishReason).isEqualTo("length");
        assertThat(r.usage.completionTokens).isEqualTo(5);
    }

    @Test
    void callsTheOfferedToolWithArgumentsValidAgainstItsSchema() throws Exception {
        var request = RequestCodec.readChat(TOOLS);

        ChatResponse r = adapter.chat(sim(FAST), request, options()).get(10, TimeUnit.SECONDS);

        assertThat(r.choices.get(0).finishReason).isEqualTo("tool_calls");
        var call = r.choices.get(0).message.toolCalls.get(0);
        assertThat(call.type).isEqualTo("function");
        assertThat(call.id).isNotBlank();
        assertThat(call.function.name).isEqualTo("get_weather");
        JsonNode args = Json.MAPPER.readTree(call.function.arguments);
        assertThat(violations(request.tools.get(0).function.parameters, args, "$")).isEmpty();
        assertThat(args.path("unit").asText()).isEqualTo("celsius");
        assertThat(r.usage.completionTokens).isPositive();
    }

    @Test
    void answersWithTextAfterAToolResult() throws Exception {
        String afterTool = TOOLS.replace("\"messages\":[{\"role\":\"user\",\"content\":\"What's the weather in Paris?\"}]",
                "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},{\"role\":\"assistant\",\"tool_calls\":["
                        + "{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}]");

        ChatResponse r = adapter.chat(sim(FAST), RequestCodec.readChat(afterTool), options()).get(10, TimeUnit.SECONDS);

        assertThat(r.choices.get(0).message.toolCalls).isNull();
        assertThat(r.firstText()).startsWith("[simulated sim-a]");
    }

    @Test
    void streamsARoleChunkThenTextThenAFinishReasonThenAUsageChunk() throws Exception {
        StreamRecorder rec = new StreamRecorder();
        adapter.stream(sim(FAST), RequestCodec.readChat(
                "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options(), rec);
        rec.end().get(10, TimeUnit.SECONDS);

        List<ChatChunk> chunks = rec.chunks();
        assertThat(chunks.get(0).choices.get(0).delta.role).isEqualTo("assistant");
        ChatChunk finish = chunks.get(chunks.size() - 2);
        assertThat(finish.choices.get(0).finishReason).isEqualTo("stop");
        ChatChunk usage = chunks.get(chunks.size() - 1);
        assertThat(usage.usageOnly()).isTrue();
        assertThat(usage.usage.completionTokens).isEqualTo(12);
        assertThat(chunks.subList(0, chunks.size() - 2)).allSatisfy(c -> assertThat(c.choices.get(0).finishReason).isNull());
        assertThat(rec.text()).startsWith("[simulated sim-a]");
        assertThat(rec.text().split(" ")).hasSizeGreaterThanOrEqualTo(12);
        assertThat(rec.endings()).containsExactly("complete");
    }

    @Test
    void streamsAToolCallInFragmentsThatJoinToValidArguments() throws Exception {
        var request = RequestCodec.readChat(TOOLS.replaceFirst("\\{", "{\"stream\":true,"));
        StreamRecorder rec = new StreamRecorder();
        adapter.stream(sim(FAST), request, options(), rec);
        rec.end().get(10, TimeUnit.SECONDS);

        StringBuilder args = new StringBuilder();
        String name = null;
        for (ChatChunk c : rec.chunks()) {
            if (c.choices != null && !c.choices.isEmpty() && c.choices.get(0).delta.toolCalls != null) {
                var tc = c.choices.get(0).delta.toolCalls.get(0);
                assertThat(tc.index).isZero();
                if (tc.function.name != null) {
                    name = tc.function.name;
                }
                args.append(tc.function.arguments);
            }
        }
        assertThat(name).isEqualTo("get_weather");
        assertThat(violations(request.tools.get(0).function.parameters, Json.MAPPER.readTree(args.toString()), "$"))
                .isEmpty();
        List<ChatChunk> chunks = rec.chunks();
        assertThat(chunks.get(chunks.size() - 2).choices.get(0).finishReason).isEqualTo("tool_calls");
        assertThat(chunks.get(chunks.size() - 1).usageOnly()).isTrue();
    }

    @Test
    void failsEveryRequestWithTheConfiguredKindAtErrorRateOne() throws Exception {
        Map<String, ErrorKind> kinds = Map.of("overloaded", ErrorKind.OVERLOADED, "rate_limit", ErrorKind.RATE_LIMITED,
                "timeout", ErrorKind.TIMEOUT, "server_error", ErrorKind.SERVER_ERROR);
        for (var k : kinds.entrySet()) {
            Deployment d = sim(new SimProfile(5, 0, 2000, 12, 1.0, List.of(k.getKey()), 0));
            for (int i = 0; i < 3; i++) {
                try {
                    adapter.chat(d, RequestCodec.readChat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                            options()).get(10, TimeUnit.SECONDS);
                    throw new AssertionError("expected a simulated " + k.getKey());
                } catch (ExecutionException e) {
                    LlmException error = (LlmException) e.getCause();
                    assertThat(error.kind()).isEqualTo(k.getValue());
                    assertThat(error.getMessage()).contains("Simulated", "sim-a");
                }
            }
        }
    }

    @Test
    void failsAStreamWithTheConfiguredKindBeforeAnyChunk() throws Exception {
        StreamRecorder rec = new StreamRecorder();
        adapter.stream(sim(new SimProfile(5, 0, 2000, 12, 1.0, List.of("rate_limit"), 0)), RequestCodec.readChat(
                "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options(), rec);

        try {
            rec.end().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a simulated rate limit");
        } catch (ExecutionException e) {
            LlmException error = (LlmException) e.getCause();
            assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(error.retryAfterMillis()).isPositive();
        }
        assertThat(rec.chunks()).isEmpty();
    }

    @Test
    void cancellingAPlainCallFailsItAsCancelled() throws Exception {
        CallOptions o = options();
        var future = adapter.chat(sim(new SimProfile(60_000, 0, 10, 12, 0, List.of("server_error"), 0)),
                RequestCodec.readChat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), o);

        o.cancel().cancel();

        try {
            future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a cancellation");
        } catch (ExecutionException e) {
            assertThat(((LlmException) e.getCause()).kind()).isEqualTo(ErrorKind.CANCELLED);
        }
    }

    @Test
    void embedsTheSameInputAsTheSameUnitVector() throws Exception {
        var req = RequestCodec.readEmbedding("{\"input\":[\"alpha\",\"beta\",\"alpha\"],\"dimensions\":16}");

        EmbeddingResponse r = adapter.embed(sim(FAST), req, options()).get(10, TimeUnit.SECONDS);

        assertThat(r.data).hasSize(3);
        assertThat(r.data.get(0).embedding.size()).isEqualTo(16);
        assertThat(r.data.get(0).embedding).isEqualTo(r.data.get(2).embedding);
        assertThat(r.data.get(0).embedding).isNotEqualTo(r.data.get(1).embedding);
        double norm = 0;
        for (JsonNode x : r.data.get(1).embedding) {
            norm += x.asDouble() * x.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(r.usage.promptTokens).isPositive();
    }

    /** What in the value breaks the (object, string, number, integer, boolean, array, enum, required) schema. */
    private static List<String> violations(JsonNode schema, JsonNode value, String path) {
        List<String> out = new java.util.ArrayList<>();
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                out.add(path + " not in enum");
            }
        }
        String type = schema.path("type").asText("");
        boolean ok = switch (type) {
            case "object" -> value.isObject();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            default -> true;
        };
        if (!ok) {
            out.add(path + " is not " + type + ": " + value);
            return out;
        }
        if (value.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    out.add(path + "." + r.asText() + " is missing");
                }
            }
            for (Iterator<String> it = value.fieldNames(); it.hasNext();) {
                String f = it.next();
                JsonNode sub = schema.path("properties").get(f);
                if (sub == null) {
                    out.add(path + "." + f + " is not in the schema");
                } else {
                    out.addAll(violations(sub, value.get(f), path + "." + f));
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                out.addAll(violations(schema.get("items"), value.get(i), path + "[" + i + "]"));
            }
        }
        return out;
    }
}
