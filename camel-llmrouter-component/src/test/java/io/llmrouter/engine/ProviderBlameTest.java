package io.llmrouter.engine;

import io.llmrouter.governance.Tab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.resilience.BreakerSettings;
import io.llmrouter.resilience.RetryPolicy;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.InMemoryRouterState;
import io.llmrouter.testing.Behavior;
import io.llmrouter.time.VirtualClock;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Only the provider's own failures count against it. A cancelled caller and a wait in the gateway's own connection
 * queue leave its breaker and statistics alone; connection failures open a breaker that panic routing looks past when
 * nothing else is left, while one opened by the provider's error answers is respected. Breakers here open after 2 of 2.
 * Deadlines and timeouts run in virtual time: each test moves the clock once the upstream has the request.
 */
class ProviderBlameTest extends EngineTestSupport {

    private static final BreakerSettings TWO_STRIKES = new BreakerSettings(50, 100, Duration.ofSeconds(60), 2, 2,
            Duration.ofSeconds(60), 1, Duration.ZERO);
    private static final RetryPolicy ONE_ATTEMPT = new RetryPolicy(1, 0, Duration.ofMillis(1), Duration.ofMillis(1),
            Duration.ofMillis(1), null, List.of());

    private final VirtualClock clock = new VirtualClock();

    @BeforeEach
    void twoStrikeBreakers() {
        engine.close();
        state = new InMemoryRouterState(clock::nanoTime);
        engine = LlmEngine.builder().catalog(catalog).state(state).vertx(vertx).clock(clock).connections(64, 16)
                .breakers(TWO_STRIKES).random(new Random(7)).build();
    }

    /** Once the upstream has seen {@code attempts} requests in all, moves the clock on by {@code millis}. */
    private void advanceOnceSent(int attempts, long millis) {
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.attempts("up-a") == attempts);
        clock.advance(Duration.ofMillis(millis));
    }

    private static RouteOptions to(String model, Duration timeout, CancelToken cancel) {
        return new RouteOptions(model, List.of(), "ordered", null, timeout, timeout, timeout, ONE_ATTEMPT,
                Tab.NONE, Preferences.NONE, cancel);
    }

    private CompletableFuture<Routed<ChatResponse>> chat(String model) {
        return engine.chat(request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                to(model, Duration.ofSeconds(10), new CancelToken()));
    }

    @Test
    void cancelledCallersNeverCountAgainstTheProvider() throws Exception {
        upstream.on("up-a", Behavior.delayed(30_000, Behavior.text("late")));
        for (int i = 0; i < 4; i++) {
            CancelToken caller = new CancelToken();
            CompletableFuture<Routed<ChatResponse>> f = engine.chat(
                    request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                    to("model-a", Duration.ofSeconds(10), caller));
            int sent = i + 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.attempts("up-a") == sent);
            caller.cancel();
            assertThat(failure(() -> f).kind()).isEqualTo(ErrorKind.CANCELLED);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> state.stats("model-a").inFlight() == 0);
        assertThat(engine.breakers().status("model-a")).isEqualTo(CircuitStatus.CLOSED);
        assertThat(state.stats("model-a").failures()).isZero();
        assertThat(state.stats("model-a").errorRate()).isZero();
    }

    @Test
    void aRequestWhoseDeadlinePassesIsTheGatewaysTimeoutNotTheProviders() throws Exception {
        upstream.on("up-a", Behavior.delayed(30_000, Behavior.text("late")));
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Routed<ChatResponse>> f = engine.chat(
                    request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                    new RouteOptions("model-a", List.of(), "ordered", null, Duration.ofMillis(100),
                            Duration.ofSeconds(10), Duration.ofSeconds(10), ONE_ATTEMPT,
                            Tab.NONE, Preferences.NONE, new CancelToken()));
            advanceOnceSent(i + 1, 99);
            assertThat(f).isNotDone();
            clock.advance(Duration.ofMillis(1));
            LlmException e = failure(() -> f);
            assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
            assertThat(e.status()).isEqualTo(504);
            assertThat(e.code()).isEqualTo("deadline_exceeded");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> state.stats("model-a").inFlight() == 0);
        assertThat(engine.breakers().status("model-a")).isEqualTo(CircuitStatus.CLOSED);
        assertThat(state.stats("model-a").failures()).isZero();
    }

    @Test
    void timeSpentWaitingForAConnectionOfTheGatewaysOwnPoolIsNotTheProvidersTimeout() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        try (LlmEngine narrow = LlmEngine.builder().catalog(catalog).state(state).vertx(vertx).clock(clock)
                .connections(1, 1).breakers(TWO_STRIKES).random(new Random(7)).build()) {
            upstream.on("up-a", call -> {
                Context context = Vertx.currentContext();
                release.thenRun(() -> context.runOnContext(v -> Behavior.text("slow but fine").respond(call)));
            });
            CompletableFuture<Routed<ChatResponse>> holder = narrow.chat(
                    request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                    to("model-a", Duration.ofSeconds(10), new CancelToken()));
            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.attempts("up-a") == 1);
            for (int i = 0; i < 3; i++) {
                // a stream's first-token timeout runs out while the request waits for the only connection
                CompletableFuture<Routed<ChatStream>> waiting = narrow.stream(
                        request("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                        new RouteOptions("model-a", List.of(), "ordered", null, Duration.ofSeconds(10),
                                Duration.ofMillis(150), Duration.ofSeconds(10), ONE_ATTEMPT,
                                Tab.NONE, Preferences.NONE, new CancelToken()));
                clock.advance(Duration.ofMillis(150));
                LlmException e = failure(() -> waiting);
                assertThat(e.getMessage()).contains("came free in the gateway");
                assertThat(e.status()).isEqualTo(503);
            }
            assertThat(upstream.attempts("up-a")).isEqualTo(1);
            assertThat(narrow.breakers().status("model-a")).isEqualTo(CircuitStatus.CLOSED);
            assertThat(state.stats("model-a").failures()).isZero();
            release.complete(null);
            assertThat(holder.get(10, TimeUnit.SECONDS).value().choices.get(0).message.content.asText())
                    .isEqualTo("slow but fine");
            assertThat(state.stats("model-a").inFlight()).isZero();
        }
    }

    @Test
    void aCircuitOpenedByConnectionFailuresIsRoutedToAnywayWhenNothingElseIsLeft() throws Exception {
        upstream.on("up-a", Behavior.times(2, Behavior.resetConnection(), Behavior.text("back")));
        for (int i = 0; i < 2; i++) {
            assertThat(failure(this::chatA).kind()).isIn(ErrorKind.CONNECT_FAILED, ErrorKind.ALL_ATTEMPTS_FAILED);
        }
        assertThat(engine.breakers().status("model-a")).isEqualTo(CircuitStatus.OPEN);
        assertThat(state.stats("model-a").circuitOpenedByProviderAnswers()).isFalse();
        Routed<ChatResponse> r = answer(chatA());
        assertThat(r.value().choices.get(0).message.content.asText()).isEqualTo("back");
        assertThat(r.ranking().panic()).isTrue();
        assertThat(upstream.attempts("up-a")).isEqualTo(3);
    }

    @Test
    void aCircuitOpenedByTheProvidersErrorAnswersIsRespectedWithAFast503() throws Exception {
        upstream.on("up-a", Behavior.times(2, Behavior.serverError(), Behavior.text("back")));
        for (int i = 0; i < 2; i++) {
            failure(this::chatA);
        }
        assertThat(engine.breakers().status("model-a")).isEqualTo(CircuitStatus.OPEN);
        assertThat(state.stats("model-a").circuitOpenedByProviderAnswers()).isTrue();
        LlmException e = failure(this::chatA);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("no_healthy_candidate");
        assertThat(upstream.attempts("up-a")).isEqualTo(2);
    }

    @Test
    void breakerTransitionsAndFailoversAreLoggedOnceAtWarnNamingTheDeploymentAndTheErrorKindButNoKey()
            throws Exception {
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>() {
                    @Override
                    protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
                        if (e.getLevel() == ch.qos.logback.classic.Level.WARN) {
                            warnings.add(e.getFormattedMessage());
                        }
                    }
                };
        appender.start();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "io.llmrouter");
        root.addAppender(appender);
        try {
            upstream.on("up-a", Behavior.serverError());
            upstream.on("up-b", Behavior.text("from b"));
            RouteOptions both = new RouteOptions(null, List.of(), "ordered", null, Duration.ofSeconds(10),
                    Duration.ofSeconds(10), Duration.ofSeconds(10), new RetryPolicy(2, 0, Duration.ofMillis(1),
                    Duration.ofMillis(1), Duration.ofMillis(1), null, List.of()), Tab.NONE,
                    Preferences.NONE, new CancelToken());
            for (int i = 0; i < 2; i++) {
                answer(engine.chat(request("{\"models\":[\"model-a\",\"model-b\"],"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), both));
            }
            assertThat(warnings).anyMatch(w -> w.startsWith("circuit of deployment model-a opened")
                    && w.contains("SERVER_ERROR"));
            assertThat(warnings).anyMatch(w -> w.startsWith("failover from deployment model-a (SERVER_ERROR) to "
                    + "model-b"));
            assertThat(warnings.stream().filter(w -> w.startsWith("circuit of deployment model-a opened"))).hasSize(1);
            assertThat(warnings).noneMatch(w -> w.contains(io.llmrouter.testing.FakeCatalog.KEY));
        } finally {
            root.detachAppender(appender);
        }
    }

    @Test
    void inFlightReturnsToZeroAfterEveryKindOfEnding() throws Exception {
        upstream.on("up-a", Behavior.text("fine"));
        answer(chatA());
        upstream.on("up-a", Behavior.error(400, "invalid_request_error", null, "bad"));
        failure(this::chatA);
        upstream.on("up-a", Behavior.serverError());
        failure(this::chatA);
        upstream.on("up-a", Behavior.delayed(30_000, Behavior.text("late")));
        failure(() -> engine.chat(request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                to("model-a", Duration.ofMillis(100), new CancelToken())));
        await().atMost(Duration.ofSeconds(5)).until(() -> state.stats("model-a").inFlight() == 0);
        assertThat(state.stats("model-a").inFlight()).isZero();
    }

    private CompletableFuture<Routed<ChatResponse>> chatA() {
        return chat("model-a");
    }
}
