package io.llmrouter.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Model;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.provider.ProviderTypes;
import io.llmrouter.provider.UpstreamHttp;
import io.llmrouter.provider.openai.OpenAiAdapter;
import io.llmrouter.testing.Failures;
import io.llmrouter.testing.FakeAzureUpstream;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.llmrouter.testing.StreamRecorder;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One fake Azure OpenAI resource and the adapter the engine uses for type azure, per test class. */
abstract class AzureAdapterTestSupport {

    static final String KEY = FakeCatalog.KEY;
    static final String API_VERSION = "2024-10-21";

    static FakeAzureUpstream upstream;
    static Vertx vertx;
    static UpstreamHttp http;
    static OpenAiAdapter adapter;
    static Provider provider;

    @BeforeAll
    static void startAdapter() {
        upstream = FakeAzureUpstream.start();
        vertx = Vertx.vertx();
        http = new UpstreamHttp(vertx, 64);
        adapter = new OpenAiAdapter(http, new AzureDeployments());
        provider = new Provider("azure", ProviderTypes.AZURE, upstream.baseUrl(), "AZURE_OPENAI_API_KEY", KEY, Map.of(),
                Duration.ofSeconds(2), Duration.ofSeconds(30), new AzureSettings(API_VERSION), Set.of(), null);
    }

    @AfterAll
    static void stopAdapter() throws Exception {
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        upstream.close();
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
    }

    /** A model served by the deployment of the given name: public id {@code pub-NAME}. */
    static Deployment deployment(String name) {
        Model m = new Model("pub-" + name, List.of(), provider.id(), name, 2.5, 10.0, 1.25, 128_000, 16_384,
                EnumSet.of(Capability.CHAT, Capability.STREAMING, Capability.TOOLS, Capability.VISION,
                        Capability.JSON_SCHEMA, Capability.EMBEDDINGS),
                List.of(), 0, 0, null, Map.of(), 1, null, null, null);
        return new Deployment(m, provider);
    }

    static ChatRequest request(String json) {
        return RequestCodec.readChat(json);
    }

    static CallOptions options() {
        return new CallOptions(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), new CancelToken());
    }

    static <T> T answer(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    static FakeOpenAiUpstream.Received sent() {
        List<FakeOpenAiUpstream.Received> all = upstream.requests();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    static LlmException failure(CompletableFuture<?> future) throws Exception {
        return Failures.of(future, KEY);
    }

    static StreamRecorder stream(Deployment d, String json, CallOptions options) {
        StreamRecorder recorder = new StreamRecorder();
        adapter.stream(d, request(json), options, recorder);
        return recorder;
    }
}
