package io.llmrouter.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Model;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.ProviderTypes;
import io.llmrouter.provider.sim.SimProfile;

/**
 * Catalogs and deployments that point at a {@link FakeOpenAiUpstream}: a provider {@code fake} with {@link #KEY}, a
 * provider {@code dead} on a port nothing listens on, and a few models priced so costs are easy to check.
 */
public final class FakeCatalog {

    /** The fake provider's API key, as the environment gives it. */
    public static final String KEY = "sk-test-secret-key-0123456789";

    private FakeCatalog() {
    }

    /**
     * model-a (up-a, $1/$2 per million, every capability), model-b alias bee (up-b, $0.5/$1, no vision), model-plain
     * (up-plain, chat and streaming only), model-dead (refused connections), embed-a (up-embed) and fake/*.
     */
    public static Catalog of(FakeOpenAiUpstream upstream) {
        String yaml = """
                providers:
                  - id: fake
                    type: openai
                    base_url: %s
                    api_key_env: FAKE_KEY
                  - id: dead
                    type: openai
                    base_url: http://127.0.0.1:%d/v1
                models:
                  - id: model-a
                    provider: fake
                    upstream: up-a
                    price: { input: 1.0, output: 2.0 }
                    capabilities: [chat, tools, vision, json_mode, json_schema, streaming]
                  - id: model-b
                    aliases: [bee]
                    provider: fake
                    upstream: up-b
                    price: { input: 0.5, output: 1.0 }
                    capabilities: [chat, tools, streaming]
                  - id: model-plain
                    provider: fake
                    upstream: up-plain
                    capabilities: [chat, streaming]
                  - id: model-dead
                    provider: dead
                    upstream: up-dead
                    capabilities: [chat, tools, streaming]
                  - id: embed-a
                    provider: fake
                    upstream: up-embed
                    price: { input: 0.1, output: 0 }
                    capabilities: [embeddings]
                  - id: fake/*
                    provider: fake
                """.formatted(upstream.baseUrl(), deadPort());
        return new CatalogLoader(Map.of("FAKE_KEY", KEY)::get).parse("fake-catalog.yaml",
                yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** An OpenAI-compatible provider at the base URL with {@link #KEY}. */
    public static Provider openAiProvider(String baseUrl) {
        return new Provider("fake", ProviderTypes.OPENAI, baseUrl, "FAKE_KEY", KEY, Map.of(), Duration.ofSeconds(2),
                Duration.ofSeconds(30), null, Set.of(), null);
    }

    /** A chat model of the provider, with every chat capability, $1/$2 per million tokens. */
    public static Deployment openAi(Provider provider, String id, String upstreamName) {
        Model m = new Model(id, List.of(), provider.id(), upstreamName, 1.0, 2.0, null, 0, 0,
                EnumSet.of(Capability.CHAT, Capability.STREAMING, Capability.TOOLS, Capability.EMBEDDINGS), List.of(),
                0, 0, null, Map.of(), 1, null, null, null);
        return new Deployment(m, provider);
    }

    /** A simulated model behaving as the profile says. */
    public static Deployment sim(String id, SimProfile profile) {
        Provider p = new Provider("sim", ProviderTypes.SIM, null, null, null, Map.of(), Duration.ofSeconds(1),
                Duration.ofSeconds(30), profile, Set.of(), null);
        Model m = new Model(id, List.of(), "sim", id, 1.0, 2.0, null, 0, 0, EnumSet.allOf(Capability.class), List.of(),
                0, 0, null, Map.of(), 1, profile, null, null);
        return new Deployment(m, p);
    }

    /** A port nothing listens on: bound once, then released. */
    public static int deadPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
