package io.llmrouter.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.api.StreamListener;
import io.llmrouter.cache.CacheMode;
import io.llmrouter.cache.CachePolicy;
import io.llmrouter.cache.CacheScope;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.llmrouter.testing.WordEmbedder;
import io.llmrouter.time.VirtualClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The response cache as a stage of the engine's pipeline, over a real fake upstream and a virtual clock. */
class ResponseCacheTest {

    static FakeOpenAiUpstream upstream;
    static Vertx vertx;
    static Catalog catalog;

    final VirtualClock clock = new VirtualClock();
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

    @BeforeEach
    void freshEngine() {
        upstream.reset();
        upstream.on("up-a", Behavior.text("Paris is the capital"));
        engine = LlmEngine.builder().catalog(catalog).vertx(vertx).clock(clock).cacheEmbedder(WordEmbedder::new)
                .build();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    static RouteOptions cached(CacheMode mode) {
        return RouteOptions.defaults().withCache(new CachePolicy(mode, Duration.ofMinutes(5), CacheScope.KEY, 0.95,
                false));
    }

    static ChatRequest ask(String question, String more) {
        return RequestCodec.readChat("{\"model\":\"model-a\"," + more + "\"messages\":[{\"role\":\"system\","
                                     + "\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"" + question
                                     + "\"}]}");
    }

    static ChatRequest ask(String question) {
        return ask(question, "\"temperature\":0,");
    }

    Routed<ChatResponse> chat(ChatRequest r, RouteOptions o) throws Exception {
        return engine.chat(r, o).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theSameRequestAgainIsAnsweredFromTheCacheWithoutCallingTheModelAndCostsNothing() throws Exception {
        Routed<ChatResponse> first = chat(ask("What is the capital of France?"), cached(CacheMode.EXACT));
        Routed<ChatResponse> second = chat(ask("What is the capital of France?"), cached(CacheMode.EXACT));

        assertThat(first.cache()).isEqualTo("miss");
        assertThat(first.costUsd()).isPositive();
        assertThat(second.cache()).isEqualTo("hit");
        assertThat(second.costUsd()).isZero();
        assertThat(second.attemptCount()).isZero();
        assertThat(second.model()).isEqualTo("model-a");
        assertThat(second.value().firstText()).isEqualTo("Paris is the capital");
        assertThat(second.usage().completionTokens).isEqualTo(first.usage().completionTokens);
        assertThat(upstream.attempts("up-a")).isEqualTo(1);
    }

    @Test
    void aParameterThatChangesTheAnswerIsAnotherEntryButTheUserAndStreamOptionsAreNot() throws Exception {
        chat(ask("Capital?", "\"temperature\":0,\"user\":\"ann\","), cached(CacheMode.EXACT));

        assertThat(chat(ask("Capital?", "\"temperature\":0,\"user\":\"bob\","), cached(CacheMode.EXACT)).cache())
                .isEqualTo("hit");
        assertThat(chat(ask("Capital?", "\"temperature\":0,\"max_tokens\":5,"), cached(CacheMode.EXACT)).cache())
                .isEqualTo("miss");
        assertThat(chat(ask("Capital?", "\"temperature\":0,\"model\":\"model-b\","), cached(CacheMode.EXACT))
                .cache()).as("another model").isEqualTo("miss");
        assertThat(upstream.attempts("up-a")).isEqualTo(2);
    }

    @Test
    void aKeptAnswerFromAProviderTheCallerDeniesIsNotServed() throws Exception {
        chat(ask("Capital?"), cached(CacheMode.EXACT));
        io.llmrouter.scoring.Preferences denyFake = new io.llmrouter.scoring.Preferences(null, null, null, null, null,
                java.util.Set.of(), java.util.Set.of("fake"), java.util.Set.of(), java.util.List.of(), null, null,
                false);

        // no hit: the request is routed, and with its only provider denied nothing can answer it
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> chat(ask("Capital?"), cached(CacheMode.EXACT).withPreferences(denyFake)));
        assertThat(upstream.attempts("up-a")).isEqualTo(1);
        assertThat(chat(ask("Capital?"), cached(CacheMode.EXACT)).cache()).isEqualTo("hit");
    }

    @Test
    void anEntryExpiresAfterItsTtl() throws Exception {
        chat(ask("Capital?"), cached(CacheMode.EXACT));
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(chat(ask("Capital?"), cached(CacheMode.EXACT)).cache()).isEqualTo("hit");

        clock.advance(Duration.ofMillis(1));

        assertThat(chat(ask("Capital?"), cached(CacheMode.EXACT)).cache()).isEqualTo("miss");
        assertThat(upstream.attempts("up-a")).isEqualTo(2);
    }

    @Test
    void aRequestWithTemperatureAboveZeroIsNotCachedUnlessItAsksItself() throws Exception {
        RouteOptions byEndpoint = cached(CacheMode.EXACT);
        ChatRequest warm = ask("Capital?", "\"temperature\":0.7,");
        chat(warm, byEndpoint);
        Routed<ChatResponse> again = chat(ask("Capital?", "\"temperature\":0.7,"), byEndpoint);
        assertThat(again.cache()).isNull();
        assertThat(chat(ask("Capital?", ""), byEndpoint).cache()).as("no temperature is OpenAI's 1").isNull();
        assertThat(upstream.attempts("up-a")).isEqualTo(3);

        RouteOptions asked = byEndpoint.withCacheBody(java.util.Map.of("mode", "exact"));
        assertThat(chat(ask("Capital?", "\"temperature\":0.7,"), asked).cache()).isEqualTo("miss");
        assertThat(chat(ask("Capital?", "\"temperature\":0.7,"), asked).cache()).isEqualTo("hit");
    }

    @Test
    void semanticModeServesASimilarPromptUnderTheSameInstructionsOnly() throws Exception {
        chat(ask("What is the capital of France?"), cached(CacheMode.SEMANTIC));

        Routed<ChatResponse> similar = chat(ask("what is the capital of france"), cached(CacheMode.SEMANTIC));
        assertThat(similar.cache()).isEqualTo("hit");
        assertThat(similar.value().firstText()).isEqualTo("Paris is the capital");

        ChatRequest otherInstructions = RequestCodec.readChat("{\"model\":\"model-a\",\"temperature\":0,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Answer in French.\"},"
                + "{\"role\":\"user\",\"content\":\"what is the capital of france\"}]}");
        assertThat(chat(otherInstructions, cached(CacheMode.SEMANTIC)).cache()).isEqualTo("miss");
        assertThat(chat(ask("How tall is Mont Blanc?"), cached(CacheMode.SEMANTIC)).cache()).isEqualTo("miss");
        assertThat(chat(ask("what is the capital of france"), cached(CacheMode.EXACT)).cache())
                .as("exact mode does not look for similar prompts").isEqualTo("miss");
        assertThat(upstream.attempts("up-a")).isEqualTo(4);
    }

    @Test
    void aStreamedAnswerIsKeptOnceWholeAndReplayedAsAStream() throws Exception {
        ChatRequest streamed = ask("Capital?", "\"temperature\":0,\"stream\":true,"
                                               + "\"stream_options\":{\"include_usage\":true},");
        Routed<ChatStream> first = engine.stream(streamed, cached(CacheMode.EXACT)).get(10, TimeUnit.SECONDS);
        List<ChatChunk> live = drain(first.value());
        assertThat(first.cache()).isEqualTo("miss");

        Routed<ChatStream> second = engine.stream(ask("Capital?", "\"temperature\":0,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},"), cached(CacheMode.EXACT)).get(10, TimeUnit.SECONDS);
        List<ChatChunk> replayed = drain(second.value());

        assertThat(second.cache()).isEqualTo("hit");
        assertThat(text(replayed)).isEqualTo(text(live)).isEqualTo("Paris is the capital");
        assertThat(replayed.get(replayed.size() - 2).choices.get(0).finishReason).isEqualTo("stop");
        assertThat(replayed.get(replayed.size() - 1).usage.completionTokens)
                .isEqualTo(live.get(live.size() - 1).usage.completionTokens);
        assertThat(chat(ask("Capital?"), cached(CacheMode.EXACT)).cache()).as("a plain request, the same answer")
                .isEqualTo("hit");
        assertThat(upstream.attempts("up-a")).isEqualTo(1);
    }

    @Test
    void aBadCacheSettingIsTheCallersError() {
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> RouteOptions.defaults().withCacheBody(java.util.Map.of("mode", "always")), LlmException.class)
                .status()).isEqualTo(400);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> RouteOptions.defaults().withCacheBody(java.util.Map.of("ttl", -3)), LlmException.class)
                .param()).isEqualTo("cache.ttl");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> RouteOptions.defaults().forCaller(
                java.util.Map.of("X-LLMRouter-Cache-Mode", "sometimes"), null, new io.llmrouter.api.CancelToken()),
                LlmException.class).param()).isEqualTo(CachePolicy.MODE_HEADER);
    }

    private static List<ChatChunk> drain(ChatStream s) throws Exception {
        List<ChatChunk> chunks = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        s.subscribe(new StreamListener() {
            @Override
            public void onChunk(ChatChunk chunk) {
                chunks.add(chunk);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }

            @Override
            public void onError(LlmException error) {
                done.completeExceptionally(error);
            }
        });
        done.get(10, TimeUnit.SECONDS);
        return chunks;
    }

    private static String text(List<ChatChunk> chunks) {
        StringBuilder sb = new StringBuilder();
        for (ChatChunk c : chunks) {
            if (c.choices != null) {
                c.choices.forEach(ch -> sb.append(ch.delta != null && ch.delta.content != null
                        ? ch.delta.content.asText() : ""));
            }
        }
        return sb.toString();
    }
}
