package io.llmrouter.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.resilience.Attempt;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.api.Test;

/** Fallbacks named in the body ({@code models} or {@code fallbacks}) are tried in order after retryable failures. */
class PerRequestFallbacksTest extends EngineTestSupport {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

    @Test
    void failsOverToTheNextModelOfModelsWhenTheFirstReturns503() throws Exception {
        upstream.on("up-a", Behavior.error(503, "server_error", null, "overloaded"));
        upstream.on("up-b", Behavior.text("from b"));

        Routed<ChatResponse> r = answer(engine.chat(request("{\"models\":[\"model-a\",\"model-b\"]," + MESSAGES + "}"),
                options()));

        assertThat(r.value().firstText()).isEqualTo("from b");
        assertThat(r.value().model).isEqualTo("model-b");
        assertThat(r.deployment().id()).isEqualTo("model-b");
        assertThat(r.attempts()).extracting(Attempt::failure).containsExactly(ErrorKind.OVERLOADED, null);
        assertThat(upstream.attempts("up-a")).isEqualTo(1);
        assertThat(upstream.attempts("up-b")).isEqualTo(1);
    }

    @Test
    void failsOverToFallbacksAfterTheModelWhenItReturns503() throws Exception {
        upstream.on("up-a", Behavior.error(503, "server_error", null, "overloaded"));

        Routed<ChatResponse> r = answer(engine.chat(request("{\"model\":\"model-a\",\"fallbacks\":[\"bee\"]," + MESSAGES
                + "}"), options()));

        assertThat(r.value().model).isEqualTo("model-b");
        assertThat(upstream.requests("up-b").get(0).body().has("fallbacks")).isFalse();
    }

    @Test
    void failsOverWhenTheFirstModelsConnectionIsRefused() throws Exception {
        upstream.on("up-b", Behavior.text("from b"));

        Routed<ChatResponse> r = answer(engine.chat(request("{\"model\":\"model-dead\",\"fallbacks\":[\"model-b\"],"
                + MESSAGES + "}"), options()));

        assertThat(r.value().model).isEqualTo("model-b");
        assertThat(r.attempts()).extracting(Attempt::deployment).containsExactly("model-dead", "model-b");
        assertThat(r.attempts().get(0).failure()).isEqualTo(ErrorKind.CONNECT_FAILED);
        assertThat(state.stats("model-dead").failures()).isEqualTo(1);
    }

    @Test
    void answersFromTheFirstModelWithoutTouchingTheFallbacks() throws Exception {
        Routed<ChatResponse> r = answer(engine.chat(request("{\"model\":\"model-a\",\"fallbacks\":[\"model-b\"],"
                + MESSAGES + "}"), options()));

        assertThat(r.value().model).isEqualTo("model-a");
        assertThat(upstream.attempts("up-b")).isZero();
    }

    @Test
    void doesNotFailOverOnTheCallersOwnError() throws Exception {
        upstream.on("up-a", Behavior.error(400, "invalid_request_error", "context_length_exceeded", "too long"));

        LlmException e = failure(() -> engine.chat(request("{\"models\":[\"model-a\",\"model-b\"]," + MESSAGES + "}"),
                options()));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
        assertThat(upstream.attempts("up-b")).isZero();
    }

    @Test
    void failsWithAllAttemptsFailedNamingEachModelWhenEveryFallbackFails() throws Exception {
        upstream.on("up-a", Behavior.error(500, "server_error", null, "boom"));

        LlmException e = failure(() -> engine.chat(request("{\"models\":[\"model-dead\",\"model-a\"]," + MESSAGES + "}"),
                options()));

        assertThat(e.kind()).isEqualTo(ErrorKind.ALL_ATTEMPTS_FAILED);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage()).contains("All 2 attempts failed", "model-dead", "model-a");
    }

    @Test
    void failsOverAStreamThatFailsBeforeItsFirstToken() throws Exception {
        upstream.on("up-a", Behavior.rateLimited("1"));
        upstream.on("up-b", Behavior.text("streamed from b"));

        Routed<ChatStream> r = answer(engine.stream(request("{\"stream\":true,\"models\":[\"model-a\",\"model-b\"],"
                + MESSAGES + "}"), options()));
        StreamRecorder rec = new StreamRecorder();
        r.value().subscribe(rec);
        rec.end().get(10, TimeUnit.SECONDS);

        assertThat(r.deployment().id()).isEqualTo("model-b");
        assertThat(rec.text()).isEqualTo("streamed from b");
        assertThat(rec.chunks()).extracting(c -> c.model).containsOnly("model-b");
        assertThat(r.attempts()).extracting(Attempt::failure).containsExactly(ErrorKind.RATE_LIMITED, null);
    }

    @Test
    void letsTheEndpointsFixedModelOverrideTheBody() throws Exception {
        Routed<ChatResponse> r = answer(engine.chat(request("{\"model\":\"model-a\"," + MESSAGES + "}"),
                options("model-b", List.of(), "ordered")));

        assertThat(r.value().model).isEqualTo("model-b");
        assertThat(upstream.attempts("up-a")).isZero();
    }

    @Test
    void usesTheEndpointsCandidatesInOrderWhenTheBodyAsksForAuto() throws Exception {
        upstream.on("up-b", Behavior.error(503, "server_error", null, "busy"));

        Routed<ChatResponse> r = answer(engine.chat(request("{\"model\":\"auto\"," + MESSAGES + "}"),
                options(null, List.of("model-b", "model-a"), "ordered")));

        assertThat(r.attempts()).extracting(Attempt::deployment).containsExactly("model-b", "model-a");
        assertThat(r.value().model).isEqualTo("model-a");
        assertThat(r.ranking().strategy()).isEqualTo("ordered");
    }
}
