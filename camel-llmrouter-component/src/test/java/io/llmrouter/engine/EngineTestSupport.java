package io.llmrouter.engine;

import io.llmrouter.governance.Tab;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.resilience.RetryPolicy;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.state.InMemoryRouterState;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** One fake upstream and HTTP client per class; a fresh engine and state per test, on {@link FakeCatalog}. */
abstract class EngineTestSupport {

    static FakeOpenAiUpstream upstream;
    static Vertx vertx;
    static Catalog catalog;

    InMemoryRouterState state;
    LlmEngine engine;

    @BeforeAll
    static void startUpstream() {
        upstream = FakeOpenAiUpstream.start();
        vertx = Vertx.vertx();
        catalog = FakeCatalog.of(upstream);
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        upstream.close();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @BeforeEach
    void freshEngine() {
        upstream.reset();
        state = new InMemoryRouterState();
        engine = LlmEngine.builder().catalog(catalog).state(state).vertx(vertx).connections(64, 16).build();
    }

    static ChatRequest request(String json) {
        return RequestCodec.readChat(json);
    }

    /** No retries of the same deployment, so each failure moves straight to the next candidate. */
    static final RetryPolicy FAILOVER_ONLY = new RetryPolicy(5, 0, Duration.ofMillis(1), Duration.ofMillis(1),
            Duration.ofMillis(1), null, List.of());

    static RouteOptions options() {
        return RouteOptions.defaults().withRetry(FAILOVER_ONLY);
    }

    static RouteOptions options(String model, List<String> candidates, String strategy) {
        RouteOptions d = RouteOptions.defaults();
        return new RouteOptions(model, candidates, strategy, null, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(10), FAILOVER_ONLY, d.tab(), Preferences.NONE, new CancelToken());
    }

    static <T> T answer(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    /** The failure of a call, whether thrown at once (bad input) or completing the future. */
    static LlmException failure(Supplier<? extends CompletableFuture<?>> call) throws Exception {
        try {
            Object value = call.get().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (LlmException e) {
            return e;
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LlmException.class);
            return (LlmException) e.getCause();
        }
    }
}
