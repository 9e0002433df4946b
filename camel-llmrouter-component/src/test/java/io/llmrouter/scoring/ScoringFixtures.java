package io.llmrouter.scoring;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Model;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.ProviderTypes;
import io.llmrouter.state.InMemoryRouterState;

/** Deployments, requests and a virtual clock for deterministic scoring tests. */
final class ScoringFixtures {

    final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    final InMemoryRouterState state = new InMemoryRouterState(now::get);

    static Provider provider(String id, String... regions) {
        return new Provider(id, ProviderTypes.OPENAI, "http://127.0.0.1:9/v1", null, null, Map.of(), Duration.ofSeconds(1),
                Duration.ofSeconds(10), null, Set.of(regions), null);
    }

    static Deployment model(String id, Double in, Double out, Double quality) {
        return model(id, provider("p-" + id), in, out, quality, 128_000, 0, 0, 1, EnumSet.of(Capability.CHAT,
                Capability.TOOLS, Capability.STREAMING));
    }

    static Deployment model(String id, Provider p, Double in, Double out, Double quality, int context, int rpm, int tpm,
                            double weight, Set<Capability> caps) {
        return new Deployment(new Model(id, List.of(), p.id(), id, in, out, null, context, 0, caps, List.of(), rpm, tpm,
                quality, Map.of(), weight, null, null, null), p);
    }

    static ChatRequest ask(String text) {
        ChatRequest r = new ChatRequest();
        r.messages = List.of(ChatMessage.of("user", text));
        return r;
    }

    static RequestProfile profile(String text) {
        return RequestProfile.of(ask(text), Preferences.NONE);
    }

    static RequestProfile profile(ChatRequest r, Preferences p) {
        return RequestProfile.of(r, p);
    }

    static Preferences prefs(Map<String, String> headers) {
        return PreferencesParser.parse(headers, null);
    }

    /** Records a successful plain attempt of the given latency at the current virtual time. */
    void answered(Deployment d, long latencyMs) {
        state.attemptStarted(d.id(), 10);
        state.attemptSucceeded(d.id(), latencyMs * 1_000_000L, -1, 50);
    }

    void advanceMillis(long ms) {
        now.addAndGet(ms * 1_000_000L);
    }

    static List<String> ids(List<Candidate> ranked) {
        return ranked.stream().map(c -> c.deployment().id()).toList();
    }
}
