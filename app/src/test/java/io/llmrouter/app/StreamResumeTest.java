package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.Call;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream that breaks after its first tokens goes on on the next candidate that takes a prefill: the caller gets the
 * whole answer, once, under one id, with [DONE]; without such a candidate it gets the in-band error as before.
 */
class StreamResumeTest {

    static final String ANSWER = "The quick brown fox jumps over the lazy dog while the cat watches from the fence.";

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: primary, provider: fake, upstream: up-primary, price: { input: 1.0, output: 2.0 },
                      timeouts: { stall_ms: 300 } }
                  - { id: backup, provider: fake, upstream: up-backup, price: { input: 1.0, output: 2.0 },
                      capabilities: [chat, streaming, prefill] }
                  - { id: no-prefill, provider: fake, upstream: up-no-prefill, price: { input: 1.0, output: 2.0 } }
                  - { id: third, provider: fake, upstream: up-third, price: { input: 1.0, output: 2.0 },
                      capabilities: [chat, streaming, prefill] }
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
        upstream.on("up-backup", StreamResumeTest::continueThePrefill);
        upstream.on("up-third", StreamResumeTest::continueThePrefill);
        upstream.on("up-no-prefill", Behavior.text(ANSWER));
    }

    /** A model that continues the assistant message it is given last, as a prefill-capable server does. */
    static void continueThePrefill(Call call) {
        JsonNode messages = call.body().path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        String prefill = last.path("role").asText().equals("assistant") ? last.path("content").asText() : "";
        assertThat(ANSWER).startsWith(prefill);
        Behavior.text(ANSWER.substring(prefill.length())).respond(call);
    }

    static String stream(String... models) throws Exception {
        return stream(new String[0], models);
    }

    static String stream(String[] headers, String... models) throws Exception {
        String body = GatewayFixture.body(true, models).replace("\"stream\":true,",
                "\"stream\":true,\"stream_options\":{\"include_usage\":true},");
        HttpResponse<String> r = gw.chat(body, headers);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The text, ids, finish reasons and usages of the data events. */
    record Answer(String text, Set<String> ids, String finish, JsonNode usage, boolean done, String error) {
    }

    static Answer read(String sse) throws Exception {
        StringBuilder text = new StringBuilder();
        Set<String> ids = new HashSet<>();
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
                text.append(c.path("delta").path("content").asText(""));
                if (!c.path("finish_reason").isNull() && !c.path("finish_reason").isMissingNode()) {
                    finish = c.path("finish_reason").asText();
                }
            }
            if (e.hasNonNull("usage")) {
                usage = e.path("usage");
            }
        }
        return new Answer(text.toString(), ids, finish, usage, done, error);
    }

    @Test
    void aStreamCutMidAnswerIsFinishedByTheFallbackSeamlessly() throws Exception {
        upstream.on("up-primary", Behavior.cutAfter(6, ANSWER));

        Answer a = read(stream("primary", "backup"));

        assertThat(a.text()).isEqualTo(ANSWER);
        assertThat(a.ids()).hasSize(1);
        assertThat(a.finish()).isEqualTo("stop");
        assertThat(a.done()).isTrue();
        assertThat(a.error()).isNull();
        assertThat(a.usage().path("completion_tokens").asInt()).isPositive();
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
    }

    @Test
    void aStreamThatStallsMidAnswerIsFinishedByTheFallback() throws Exception {
        upstream.on("up-primary", Behavior.stallAfter(4, ANSWER));

        Answer a = read(stream("primary", "backup"));

        assertThat(a.text()).isEqualTo(ANSWER);
        assertThat(a.done()).isTrue();
        assertThat(a.error()).isNull();
    }

    @Test
    void aFallbackWithoutPrefillThatAnswersTheSameIsSplicedPastWhatTheCallerHas() throws Exception {
        upstream.on("up-primary", Behavior.cutAfter(6, ANSWER));

        Answer a = read(stream("primary", "no-prefill"));

        assertThat(a.text()).isEqualTo(ANSWER);
        assertThat(a.ids()).hasSize(1);
        assertThat(a.done()).isTrue();
        assertThat(a.error()).isNull();
        assertThat(upstream.attempts("up-no-prefill")).isEqualTo(1);
    }

    @Test
    void aFallbackWithoutPrefillThatAnswersOtherwiseEndsWithTheFirstFailure() throws Exception {
        upstream.on("up-primary", Behavior.cutAfter(6, ANSWER));
        upstream.on("up-no-prefill", Behavior.text("A different answer altogether, as sampling gives."));

        Answer a = read(stream("primary", "no-prefill"));

        assertThat(a.done()).isFalse();
        assertThat(a.error()).isEqualTo("upstream_stream_cut");
        assertThat(ANSWER).startsWith(a.text());
    }

    @Test
    void aFallbackRefusingThePrefillPassesTheTurnAndTheCallerSeesTheFirstFailure() throws Exception {
        upstream.on("up-primary", Behavior.cutAfter(6, ANSWER));
        upstream.on("up-backup", Behavior.error(400, "invalid_request_error", null,
                "The final message must not be an assistant message."));

        Answer a = read(stream("primary", "backup"));

        assertThat(a.done()).isFalse();
        assertThat(a.error()).isEqualTo("upstream_stream_cut");
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
    }

    @Test
    void aFallbackThatAlsoBreaksEndsWithTheErrorAndNoDone() throws Exception {
        upstream.on("up-primary", Behavior.cutAfter(6, ANSWER));
        upstream.on("up-backup", Behavior.cutAfter(2, ANSWER));

        Answer a = read(stream("primary", "backup"));

        assertThat(a.done()).isFalse();
        assertThat(a.error()).isEqualTo("upstream_stream_cut");
    }

    @Test
    void theCallerCanTurnResumingOff() throws Exception {
        upstream.on("up-primary", Behavior.cutAfter(6, ANSWER));

        Answer a = read(stream(new String[] {"x-llmrouter-resume", "false"}, "primary", "backup"));

        assertThat(a.error()).isEqualTo("upstream_stream_cut");
        assertThat(upstream.attempts("up-backup")).isZero();
    }

    @Test
    void theOfficialOpenAiSdkReadsTheResumedStreamAsOneCompleteAnswer() throws Exception {
        upstream.on("up-primary", Behavior.cutAfter(6, ANSWER));

        ConformanceScript.run("openai-sdk-stream.mjs", "openai", java.util.List.of(gw.url("/v1"), ANSWER,
                "primary,backup"));

        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
    }

    @Test
    void aFallbackRefusingThePrefillPassesTheTurnToTheNextWhichFinishesTheAnswer() throws Exception {
        upstream.on("up-primary", Behavior.cutAfter(6, ANSWER));
        upstream.on("up-backup", Behavior.error(400, "invalid_request_error", null,
                "The final message must not be an assistant message."));

        Answer a = read(stream("primary", "backup", "third"));

        assertThat(a.text()).isEqualTo(ANSWER);
        assertThat(a.done()).isTrue();
        assertThat(upstream.attempts("up-backup")).isEqualTo(1);
        assertThat(upstream.attempts("up-third")).isEqualTo(1);
    }

    @Test
    void theContinuationsOfOneAnswerCountAgainstItsAttempts() throws Exception {
        upstream.on("up-primary", Behavior.cutAfter(6, ANSWER));
        upstream.on("up-backup", Behavior.error(400, "invalid_request_error", null,
                "The final message must not be an assistant message."));
        try (GatewayFixture two = GatewayFixture.start(Files.readString(gw.catalogFile()), Map.of(),
                "maxAttempts=2")) {
            String body = GatewayFixture.body(true, "primary", "backup", "third");
            Answer a = read(two.chat(body).body());

            assertThat(a.error()).as("primary and backup used both attempts").isEqualTo("upstream_stream_cut");
            assertThat(upstream.attempts("up-backup")).isEqualTo(1);
            assertThat(upstream.attempts("up-third")).isZero();
        }
    }
}
