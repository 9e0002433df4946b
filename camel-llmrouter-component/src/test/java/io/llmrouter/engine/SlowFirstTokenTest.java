package io.llmrouter.engine;

import io.llmrouter.governance.Tab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.state.InMemoryRouterState;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.StreamRecorder;
import io.llmrouter.time.VirtualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream whose first token is far later than its deployment's own record fails over to the next candidate at three
 * times that record (at least 10 s), not after the full first-token timeout; the last candidate keeps the full
 * timeout. In virtual time: model-a's record is a 4 s time to first token, so its derived deadline is 12 s.
 */
class SlowFirstTokenTest extends EngineTestSupport {

    private final VirtualClock clock = new VirtualClock();

    @BeforeEach
    void virtualTimeAndARecordOfFourSecondsToFirstToken() {
        engine.close();
        state = new InMemoryRouterState(clock::nanoTime);
        engine = LlmEngine.builder().catalog(catalog).state(state).vertx(vertx).clock(clock).connections(64, 16)
                .build();
        state.tryAttemptStart("model-a", 10, 0, 0).join();
        state.attemptSucceeded("model-a", 5_000_000_000L, 4_000_000_000L, 20);
    }

    private CompletableFuture<Routed<ChatStream>> stream(List<String> models) {
        String names = String.join("\",\"", models);
        return engine.stream(request("{\"models\":[\"" + names + "\"],\"stream\":true,\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"hi\"}]}"),
                new RouteOptions(null, List.of(), "ordered", null, Duration.ofSeconds(120), Duration.ofSeconds(60),
                        Duration.ofSeconds(60), FAILOVER_ONLY, Tab.NONE, Preferences.NONE,
                        new CancelToken()));
    }

    @Test
    void aFirstTokenThreeTimesLaterThanUsualFailsOverToTheNextCandidate() throws Exception {
        upstream.on("up-a", Behavior.hang());
        upstream.on("up-b", Behavior.text("from b"));

        CompletableFuture<Routed<ChatStream>> answer = stream(List.of("model-a", "model-b"));
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.attempts("up-a") == 1);
        clock.advance(Duration.ofMillis(11_999));
        assertThat(answer).isNotDone();
        assertThat(upstream.attempts("up-b")).isZero();

        clock.advance(Duration.ofMillis(1));
        Routed<ChatStream> routed = answer.get(10, TimeUnit.SECONDS);
        StreamRecorder rec = new StreamRecorder();
        routed.value().subscribe(rec);
        rec.end().get(10, TimeUnit.SECONDS);

        assertThat(rec.text()).isEqualTo("from b");
        assertThat(routed.failedAttempts()).extracting(Routed.FailedAttempt::kind)
                .containsExactly(ErrorKind.FIRST_TOKEN_TIMEOUT);
    }

    @Test
    void theLastCandidateKeepsTheConfiguredFirstTokenTimeout() throws Exception {
        upstream.on("up-a", Behavior.hang());

        CompletableFuture<Routed<ChatStream>> answer = stream(List.of("model-a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.attempts("up-a") == 1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(answer).isNotDone();

        clock.advance(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(5)).until(answer::isDone);
        assertThat(answer).isCompletedExceptionally();
    }

    @Test
    void aDeploymentNeverMeasuredKeepsTheConfiguredFirstTokenTimeout() throws Exception {
        upstream.on("up-b", Behavior.hang());
        upstream.on("up-a", Behavior.text("from a"));

        CompletableFuture<Routed<ChatStream>> answer = stream(List.of("model-b", "model-a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.attempts("up-b") == 1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(answer).isNotDone();

        clock.advance(Duration.ofSeconds(1));
        assertThat(answer.get(10, TimeUnit.SECONDS).deployment().id()).isEqualTo("model-a");
    }
}
