package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sticky weighted splits, catalog rules and geo steering over HTTP: one gateway in us-east in front of three
 * OpenAI-compatible upstreams, one per region, each serving the same model.
 */
class TrafficSteeringTest {

    static FakeOpenAiUpstream us;
    static FakeOpenAiUpstream euWest;
    static FakeOpenAiUpstream euCentral;
    static GatewayFixture gw;

    static String catalog(FakeOpenAiUpstream us, FakeOpenAiUpstream euWest, FakeOpenAiUpstream euCentral) {
        return """
                providers:
                  - { id: us, type: openai, base_url: %s, api_key_env: FAKE_KEY, regions: [us, us-east] }
                  - { id: eu1, type: openai, base_url: %s, api_key_env: FAKE_KEY, regions: [eu, eu-west] }
                  - { id: eu2, type: openai, base_url: %s, api_key_env: FAKE_KEY, regions: [eu, eu-central] }
                models:
                  - { id: gpt-us, provider: us, upstream: gpt }
                  - { id: gpt-eu-west, provider: eu1, upstream: gpt }
                  - { id: gpt-eu-central, provider: eu2, upstream: gpt }
                  - { id: stable, provider: us, upstream: stable, weight: 90 }
                  - { id: canary, provider: us, upstream: canary, weight: 10 }
                  - { id: coder, provider: us, upstream: coder }
                regions:
                  us-east: [us-east, eu-west, eu-central]
                  eu-west: [eu-west, eu-central, us-east]
                rules:
                  - name: gold-callers
                    when: { headers: { x-tier: gold } }
                    models: [gpt-eu-central]
                    strategy: latency
                  - name: code-questions
                    when: { last_user_message: { keywords: [stack trace, exception] } }
                    models: [coder]
                """.formatted(us.baseUrl(), euWest.baseUrl(), euCentral.baseUrl());
    }

    @BeforeAll
    static void start() throws Exception {
        us = FakeOpenAiUpstream.start();
        euWest = FakeOpenAiUpstream.start();
        euCentral = FakeOpenAiUpstream.start();
        // the router's region as a Kubernetes pod gets it from the downward API
        gw = GatewayFixture.start(catalog(us, euWest, euCentral), Map.of("camel.component.llm.configuration.retries",
                "0"), null, GatewayOptions.DEFAULT_MAX_IN_FLIGHT, Map.of("LLMROUTER_REGION", "us-east"));
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        us.close();
        euWest.close();
        euCentral.close();
    }

    @BeforeEach
    void reset() {
        us.reset();
        euWest.reset();
        euCentral.reset();
    }

    private static HttpResponse<String> ask(String body, String... headers) throws Exception {
        HttpResponse<String> r = gw.chat(body, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static String split(String user) {
        return "{\"models\":[\"stable\",\"canary\"],\"user\":\"" + user
               + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    @Test
    void aUserStaysOnItsArmOfAWeightedSplitAndTheAssignmentShowsOnlyADigest() throws Exception {
        Map<String, Integer> arms = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            String user = "user-" + i + "@example.com";
            HttpResponse<String> first = ask(split(user), "x-llmrouter-strategy", "weighted");
            String arm = header(first, "x-llmrouter-model");
            arms.merge(arm, 1, Integer::sum);
            assertThat(header(first, "x-llmrouter-assignment")).startsWith(arm + "; by=user; subject=")
                    .doesNotContain("example.com");
            if (i % 20 == 0) {
                for (int again = 0; again < 3; again++) {
                    assertThat(header(ask(split(user), "x-llmrouter-strategy", "weighted"), "x-llmrouter-model"))
                            .isEqualTo(arm);
                }
            }
        }
        // 90/10 over 200 subjects: the canary has its share, give or take the sampling
        assertThat(arms.get("canary")).isBetween(5, 40);
    }

    @Test
    void aSessionHeaderIsTheSubjectWhenTheBodyNamesNoUser() throws Exception {
        String body = GatewayFixture.body(false, "stable", "canary");
        HttpResponse<String> r = ask(body, "x-llmrouter-strategy", "weighted", "x-session-id", "s-123");
        String arm = header(r, "x-llmrouter-model");
        assertThat(header(r, "x-llmrouter-assignment")).startsWith(arm + "; by=header:x-session-id; subject=")
                .doesNotContain("s-123");
        for (int i = 0; i < 5; i++) {
            assertThat(header(ask(body, "x-llmrouter-strategy", "weighted", "x-session-id", "s-123"),
                    "x-llmrouter-model")).isEqualTo(arm);
        }
        assertThat(header(ask(body, "x-llmrouter-strategy", "weighted"), "x-llmrouter-assignment")).isNull();
    }

    @Test
    void theRoutersOwnRegionGoesFirst() throws Exception {
        HttpResponse<String> r = ask(GatewayFixture.body(false, "gpt-eu-central", "gpt-eu-west", "gpt-us"));
        assertThat(header(r, "x-llmrouter-model")).isEqualTo("gpt-us");
    }

    @Test
    void theCallersRegionOutranksTheRoutersAndFailsOverInItsDeclaredOrder() throws Exception {
        String body = GatewayFixture.body(false, "gpt-us", "gpt-eu-central", "gpt-eu-west");
        assertThat(header(ask(body, "x-llmrouter-region", "eu-west"), "x-llmrouter-model")).isEqualTo("gpt-eu-west");

        euWest.on("gpt", Behavior.serverError());
        HttpResponse<String> failedOver = ask(body, "x-llmrouter-region", "eu-west");
        assertThat(header(failedOver, "x-llmrouter-model")).isEqualTo("gpt-eu-central");
        assertThat(us.requests()).isEmpty();
    }

    @Test
    void residencyFiltersStillBindACallerFromAnotherRegion() throws Exception {
        String body = GatewayFixture.body(false, "gpt-eu-west", "gpt-us");
        HttpResponse<String> r = ask(body, "x-llmrouter-region", "eu-west", "x-llmrouter-regions", "us");
        assertThat(header(r, "x-llmrouter-model")).isEqualTo("gpt-us");
        assertThat(euWest.requests()).isEmpty();
    }

    @Test
    void aRuleOnAHeaderSetsTheModelsAndTheStrategy() throws Exception {
        HttpResponse<String> r = ask(GatewayFixture.body(false, "auto"), "x-tier", "gold");
        assertThat(header(r, "x-llmrouter-model")).isEqualTo("gpt-eu-central");
        assertThat(header(r, "x-llmrouter-strategy")).isEqualTo("latency");
        assertThat(header(r, "x-llmrouter-rule")).isEqualTo("gold-callers");
    }

    @Test
    void aRuleOnTheLastUserMessageRoutesCodeQuestions() throws Exception {
        HttpResponse<String> r = ask("""
                {"model":"auto","messages":[{"role":"user","content":"Why this NullPointerException?"}]}""");
        assertThat(header(r, "x-llmrouter-model")).isEqualTo("coder");
        assertThat(header(r, "x-llmrouter-rule")).isEqualTo("code-questions");

        HttpResponse<String> none = ask(GatewayFixture.body(false, "gpt-us"));
        assertThat(header(none, "x-llmrouter-rule")).isNull();
    }

    @Test
    void aModelTheBodyNamesWinsOverTheRulesModels() throws Exception {
        HttpResponse<String> r = ask("""
                {"model":"gpt-eu-west","messages":[{"role":"user","content":"a stack trace"}]}""");
        assertThat(header(r, "x-llmrouter-model")).isEqualTo("gpt-eu-west");
    }
}
