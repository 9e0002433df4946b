package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator answers as a model would to what SDK demos ask, plain and streamed: JSON that fits the
 * {@code response_format} schema (what {@code chat.completions.parse} needs), {@code n} choices, text cut at a
 * {@code stop} sequence, and {@code max_tokens} with finish reason {@code length}.
 */
class SimulatorAnswersTest {

    private static final String SCHEMA = """
            {"type":"json_schema","json_schema":{"name":"event","strict":true,"schema":{
              "type":"object","additionalProperties":false,"required":["name","date","attendees","kind","score"],
              "properties":{
                "name":{"type":"string"},"date":{"type":"string","format":"date"},
                "attendees":{"type":"array","items":{"$ref":"#/$defs/person"}},
                "kind":{"type":"string","enum":["meeting","party"]},
                "score":{"type":"integer","minimum":3,"maximum":9}},
              "$defs":{"person":{"type":"object","additionalProperties":false,"required":["first","age"],
                "properties":{"first":{"type":"string"},"age":{"type":["integer","null"]}}}}}}}""";
    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start("""
                providers:
                  - id: sim
                    type: sim
                models:
                  - id: sim-mini
                    provider: sim
                    capabilities: [chat, tools, json_mode, json_schema, streaming]
                    sim: { ttft_ms: 1, jitter: 0, tokens_per_second: 4000, answer_tokens: 40 }
                """, Map.of(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    private static JsonNode plain(String extra) throws Exception {
        HttpResponse<String> r = gw.chat(body(extra, false));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static String body(String extra, boolean stream) {
        return "{\"model\":\"sim-mini\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
               + "\"Plan the launch party\"}]" + extra + "}";
    }

    /** Each choice's streamed text and finish reason, by index. */
    private static Map<Integer, String[]> streamed(String extra) throws IOException, InterruptedException {
        HttpResponse<String> r = gw.http().send(HttpRequest.newBuilder(URI.create(gw.url("/v1/chat/completions")))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(extra, true))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("data: [DONE]");
        Map<Integer, String[]> choices = new TreeMap<>();
        for (String line : r.body().split("\n")) {
            if (!line.startsWith("data: {")) {
                continue;
            }
            for (JsonNode c : Json.MAPPER.readTree(line.substring(6)).path("choices")) {
                String[] acc = choices.computeIfAbsent(c.path("index").asInt(), i -> new String[] { "", null });
                acc[0] += c.path("delta").path("content").asText("");
                if (c.hasNonNull("finish_reason")) {
                    acc[1] = c.get("finish_reason").asText();
                }
            }
        }
        return choices;
    }

    private static void assertFitsTheSchema(String content) throws IOException {
        JsonNode event = Json.MAPPER.readTree(content);
        assertThat(event.path("name").isTextual()).isTrue();
        assertThat(event.path("date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(event.path("kind").asText()).isIn("meeting", "party");
        assertThat(event.path("score").isInt()).isTrue();
        assertThat(event.path("score").asInt()).isBetween(3, 9);
        assertThat(event.path("attendees").isArray()).isTrue();
        assertThat(event.path("attendees")).isNotEmpty().allSatisfy(p -> {
            assertThat(p.path("first").isTextual()).isTrue();
            assertThat(p.path("age").isInt() || p.path("age").isNull()).isTrue();
        });
        List<String> fields = new ArrayList<>();
        event.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("name", "date", "attendees", "kind", "score");
    }

    @Test
    void answersJsonThatFitsTheGivenSchema() throws Exception {
        JsonNode r = plain(",\"response_format\":" + SCHEMA);

        assertThat(r.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertFitsTheSchema(r.at("/choices/0/message/content").asText());
    }

    @Test
    void streamsJsonThatFitsTheGivenSchema() throws Exception {
        Map<Integer, String[]> choices = streamed(",\"response_format\":" + SCHEMA);

        assertThat(choices).containsOnlyKeys(0);
        assertFitsTheSchema(choices.get(0)[0]);
        assertThat(choices.get(0)[1]).isEqualTo("stop");
    }

    @Test
    void jsonModeAnswersAJsonObject() throws Exception {
        JsonNode r = plain(",\"response_format\":{\"type\":\"json_object\"}");

        assertThat(Json.MAPPER.readTree(r.at("/choices/0/message/content").asText()).isObject()).isTrue();
    }

    @Test
    void answersNChoicesPlainAndStreamed() throws Exception {
        JsonNode r = plain(",\"n\":3");
        assertThat(r.path("choices")).extracting(c -> c.path("index").asInt()).containsExactly(0, 1, 2);
        assertThat(r.path("choices")).allSatisfy(c -> assertThat(c.at("/message/content").asText()).isNotBlank());

        Map<Integer, String[]> choices = streamed(",\"n\":2");
        assertThat(choices).containsOnlyKeys(0, 1);
        assertThat(choices.values()).allSatisfy(c -> {
            assertThat(c[0]).startsWith("[simulated sim-mini]");
            assertThat(c[1]).isEqualTo("stop");
        });
    }

    @Test
    void cutsTheTextWhereAStopSequenceBegins() throws Exception {
        JsonNode r = plain(",\"stop\":[\"launch\",\"zzz\"]");
        assertThat(r.at("/choices/0/message/content").asText()).isEqualTo("[simulated sim-mini] You said: \"Plan the ");
        assertThat(r.at("/choices/0/finish_reason").asText()).isEqualTo("stop");

        Map<Integer, String[]> choices = streamed(",\"stop\":\"launch\"");
        assertThat(choices.get(0)[0]).isEqualTo("[simulated sim-mini] You said: \"Plan the ");
        assertThat(choices.get(0)[1]).isEqualTo("stop");
    }

    @Test
    void stopsAtMaxTokensWithFinishReasonLength() throws Exception {
        JsonNode r = plain(",\"max_tokens\":3");
        assertThat(r.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(r.at("/usage/completion_tokens").asInt()).isEqualTo(3);

        Map<Integer, String[]> choices = streamed(",\"max_completion_tokens\":2,\"response_format\":" + SCHEMA);
        assertThat(choices.get(0)[0]).hasSize(8); // two pieces of JSON: a cut answer, as a real model's would be
        assertThat(choices.get(0)[1]).isEqualTo("length");
    }
}
