package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache over real HTTP with virtual keys: asked for per request (header or body) or by a key's
 * preference, answered with {@code x-llmrouter-cache}, free when it hits, never shared between two keys, streams
 * replayed as streams, and counted in {@code /metrics}.
 */
class ResponseCacheGatewayTest {

    static final String MASTER = "master-key-for-cache-tests-0123456789";
    static final String QUESTION = "{\"model\":\"priced\",\"temperature\":0,"
                                   + "\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]";

    static FakeOpenAiUpstream upstream;
    static Path data;
    static GatewayFixture gw;
    static String ann;
    static String bob;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        data = Files.createTempDirectory("llmrouter-cache");
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: priced, provider: fake, upstream: up-priced, price: { input: 1.0, output: 2.0 } }
                """.formatted(upstream.baseUrl()), Map.of("llmrouter.master-key", MASTER,
                "llmrouter.data-dir", data.toString()), null);
        ann = newKey("{\"name\":\"ann\"}");
        bob = newKey("{\"name\":\"bob\",\"preferences\":{\"cache-mode\":\"exact\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        upstream.on("up-priced", Behavior.text("Paris"));
    }

    static String newKey(String json) throws Exception {
        HttpResponse<String> r = gw.admin("POST", "/admin/keys", json, MASTER);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return Json.MAPPER.readTree(r.body()).path("key").asText();
    }

    static HttpResponse<String> ask(String key, String more, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + key;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return gw.chat(QUESTION + more + "}", all);
    }

    @Test
    void aRepeatedRequestIsAHitThatCostsNothingAndNeverReachesTheModel() throws Exception {
        HttpResponse<String> miss = ask(ann, ",\"user\":\"u1\"", "x-llmrouter-cache-mode", "exact");
        HttpResponse<String> hit = ask(ann, ",\"user\":\"u1\"", "x-llmrouter-cache-mode", "exact");

        assertThat(miss.statusCode()).as(miss.body()).isEqualTo(200);
        assertThat(miss.headers().firstValue("x-llmrouter-cache")).contains("miss");
        assertThat(hit.headers().firstValue("x-llmrouter-cache")).contains("hit");
        assertThat(Double.parseDouble(hit.headers().firstValue("x-llmrouter-cost-usd").orElseThrow())).isZero();
        assertThat(Json.MAPPER.readTree(hit.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Paris");
        assertThat(upstream.attempts("up-priced")).isEqualTo(1);
        assertThat(ask(ann, ",\"user\":\"u1\"").headers().firstValue("x-llmrouter-cache"))
                .as("without the header the request does not use the cache").isEmpty();
    }

    @Test
    void twoKeysNeverShareAnAnswerAndAKeysPreferenceTurnsTheCacheOn() throws Exception {
        ask(ann, ",\"cache\":{\"mode\":\"exact\",\"ttl\":600},\"seed\":7");

        HttpResponse<String> bobs = ask(bob, ",\"seed\":7");
        assertThat(bobs.headers().firstValue("x-llmrouter-cache")).as("bob's own namespace").contains("miss");
        assertThat(ask(bob, ",\"seed\":7").headers().firstValue("x-llmrouter-cache")).contains("hit");
        assertThat(upstream.attempts("up-priced")).isEqualTo(2);
    }

    @Test
    void aCachedStreamIsReplayedAsAnEventStreamEndingWithUsageAndDone() throws Exception {
        String stream = ",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"seed\":11";
        HttpResponse<String> live = ask(bob, stream);
        HttpResponse<String> replay = ask(bob, stream);

        assertThat(live.headers().firstValue("x-llmrouter-cache")).contains("miss");
        assertThat(replay.headers().firstValue("x-llmrouter-cache")).contains("hit");
        assertThat(replay.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/event-stream"));
        List<String> events = GatewayTestSupport.dataEvents(replay.body());
        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = GatewayTestSupport.chunks(events);
        assertThat(GatewayTestSupport.content(chunks)).isEqualTo("Paris");
        assertThat(chunks.get(chunks.size() - 1).path("usage").path("completion_tokens").asInt()).isPositive();
        assertThat(upstream.attempts("up-priced")).isEqualTo(1);
    }

    @Test
    void aBadCacheSettingIsA400InOpenAisShape() throws Exception {
        HttpResponse<String> header = ask(ann, "", "x-llmrouter-cache-mode", "forever");
        HttpResponse<String> body = ask(ann, ",\"cache\":{\"mode\":\"exact\",\"ttl\":\"long\"}");

        assertThat(header.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(header.body()).path("error").path("param").asText())
                .isEqualTo("x-llmrouter-cache-mode");
        assertThat(body.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(body.body()).path("error").path("param").asText()).isEqualTo("cache.ttl");
        assertThat(upstream.attempts("up-priced")).isZero();
    }

    @Test
    void lookupsAreCountedByModeAndResult() throws Exception {
        ask(ann, ",\"seed\":99", "x-llmrouter-cache-mode", "exact");
        ask(ann, ",\"seed\":99", "x-llmrouter-cache-mode", "exact");

        String metrics = gw.admin("GET", "/metrics", null, MASTER).body();
        assertThat(metrics).containsPattern("llmrouter_cache_lookups_total\\{mode=\"exact\",result=\"hit\"} [1-9]");
        assertThat(metrics).containsPattern("llmrouter_cache_lookups_total\\{mode=\"exact\",result=\"miss\"} [1-9]");
    }

    @Test
    void anAnthropicCallerAsksForTheCacheInItsBodyToo() throws Exception {
        String messages = "{\"model\":\"priced\",\"max_tokens\":64,\"temperature\":0,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Capital of Italy?\"}],"
                + "\"cache\":{\"mode\":\"exact\",\"ttl\":600}}";
        HttpResponse<String> miss = gw.admin("POST", "/v1/messages", messages, ann);
        HttpResponse<String> hit = gw.admin("POST", "/v1/messages", messages, ann);

        assertThat(miss.statusCode()).as(miss.body()).isEqualTo(200);
        assertThat(miss.headers().firstValue("x-llmrouter-cache")).contains("miss");
        assertThat(hit.headers().firstValue("x-llmrouter-cache")).contains("hit");
        assertThat(Json.MAPPER.readTree(hit.body()).path("type").asText()).as("Anthropic's shape").isEqualTo("message");
        assertThat(Json.MAPPER.readTree(hit.body()).path("content").path(0).path("text").asText()).isEqualTo("Paris");
        assertThat(upstream.requests()).hasSize(1);

        HttpResponse<String> bad = gw.admin("POST", "/v1/messages", messages.replace("\"exact\"", "\"forever\""), ann);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(bad.body()).path("error").path("type").asText())
                .isEqualTo("invalid_request_error");
        assertThat(Json.MAPPER.readTree(bad.body()).path("type").asText()).as("Anthropic's error shape").isEqualTo("error");
    }
}
