package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.llmrouter.testing.FakeOpenAiUpstream;
import io.llmrouter.testing.PromptCache;
import org.junit.jupiter.api.Test;

/**
 * Conversations with a long system prompt, spread by round-robin over three deployments of one model whose upstreams
 * each keep their own prompt cache: with affinity each conversation stays where its prefix is cached, so far more of
 * its prompt tokens are charged as cached than without. Prints the figures BENCHMARKS.md reports.
 */
class PromptCacheAffinityTest {

    private static final int CONVERSATIONS = 20;
    private static final int TURNS = 6;

    /** The share of prompt tokens charged as cached over the whole run. */
    private static double cachedShare(String chatOptions) throws Exception {
        List<FakeOpenAiUpstream> upstreams = List.of(FakeOpenAiUpstream.start(), FakeOpenAiUpstream.start(),
                FakeOpenAiUpstream.start());
        List<PromptCache> caches = List.of(new PromptCache(), new PromptCache(), new PromptCache());
        for (int i = 0; i < 3; i++) {
            upstreams.get(i).on("gpt", caches.get(i));
        }
        try (GatewayFixture gw = GatewayFixture.start(TrafficSteeringTest.catalog(upstreams.get(0), upstreams.get(1),
                upstreams.get(2)), Map.of(), chatOptions)) {
            StringBuilder[] history = new StringBuilder[CONVERSATIONS];
            for (int c = 0; c < CONVERSATIONS; c++) {
                history[c] = new StringBuilder("{\"role\":\"system\",\"content\":\"" + ("You are assistant " + c
                        + ". Follow the house style guide. ").repeat(40) + "\"}");
            }
            // the conversations interleave, as real traffic does
            for (int turn = 0; turn < TURNS; turn++) {
                for (int c = 0; c < CONVERSATIONS; c++) {
                    String body = "{\"models\":[\"gpt-us\",\"gpt-eu-west\",\"gpt-eu-central\"],\"messages\":["
                                  + history[c] + ",{\"role\":\"user\",\"content\":\"question " + turn + "\"}]}";
                    var r = gw.chat(body, "x-llmrouter-strategy", "round-robin");
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    // with affinity, OpenAI is also told which cache the prefix belongs in
                    assertThat(upstreams.stream().flatMap(u -> u.requests().stream())
                            .allMatch(q -> q.body().path("prompt_cache_key").asText().startsWith("llmrouter-")))
                            .isEqualTo(chatOptions.contains("cacheAffinityMinChars"));
                    history[c].append(",{\"role\":\"user\",\"content\":\"question ").append(turn)
                            .append("\"},{\"role\":\"assistant\",\"content\":\"cached answer\"}");
                }
            }
        } finally {
            upstreams.forEach(FakeOpenAiUpstream::close);
        }
        long prompt = caches.stream().mapToLong(PromptCache::promptTokens).sum();
        long cached = caches.stream().mapToLong(PromptCache::cachedTokens).sum();
        return cached / (double) prompt;
    }

    @Test
    void affinityChargesMorePromptTokensAsCachedThanRoundRobinAlone() throws Exception {
        double off = cachedShare("retries=0");
        double on = cachedShare("retries=0&cacheAffinityMinChars=1024");
        System.out.printf(Locale.ROOT, "prompt-cache affinity: cached share of prompt tokens off %.1f %%, on %.1f %%%n",
                off * 100, on * 100);
        assertThat(on).isGreaterThan(off);
        // every turn after a conversation's first finds its prefix cached
        assertThat(on).isGreaterThan(0.75);
    }
}
