package io.llmrouter.scoring;

import static io.llmrouter.scoring.ScoringFixtures.ask;
import static io.llmrouter.scoring.ScoringFixtures.ids;
import static io.llmrouter.scoring.ScoringFixtures.model;
import static io.llmrouter.scoring.ScoringFixtures.prefs;
import static io.llmrouter.scoring.ScoringFixtures.profile;
import static io.llmrouter.scoring.ScoringFixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ContentPart;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.Tool;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import org.junit.jupiter.api.Test;

/** Every hard filter leaves out exactly the deployments it should and says why. */
class RankerFiltersTest {

    private final ScoringFixtures f = new ScoringFixtures();
    private final Ranker ranker = new Ranker(f.state);
    private final Strategy ordered = new OrderedStrategy();

    private Ranking rank(RequestProfile p, Deployment... ds) {
        return ranker.rank(p, List.of(ds), ordered);
    }

    @Test
    void excludesModelsWithoutARequiredCapability() {
        Deployment plain = model("plain", provider("p"), 1.0, 1.0, null, 0, 0, 0, 1, EnumSet.of(Capability.CHAT));
        Deployment tools = model("tools", 1.0, 1.0, null);
        ChatRequest r = ask("weather?");
        Tool t = new Tool();
        t.type = "function";
        t.function = new Tool.Function();
        t.function.name = "get_weather";
        r.tools = List.of(t);
        Ranking ranking = rank(profile(r, Preferences.NONE), plain, tools);
        assertThat(ids(ranking.candidates())).containsExactly("tools");
        assertThat(ranking.excluded()).singleElement().satisfies(e -> {
            assertThat(e.deployment()).isEqualTo("plain");
            assertThat(e.reason()).isEqualTo("does not support tools");
            assertThat(e.health()).isFalse();
        });
    }

    @Test
    void excludesModelsWithoutVisionForImageParts() {
        Deployment blind = model("blind", 1.0, 1.0, null);
        Deployment seeing = model("seeing", provider("p"), 1.0, 1.0, null, 0, 0, 0, 1,
                EnumSet.of(Capability.CHAT, Capability.VISION));
        ChatRequest r = ask("x");
        r.messages.get(0).content = MessageContent.parts(List.of(ContentPart.text("what is this?"),
                ContentPart.image("https://example.com/cat.png")));
        assertThat(ids(rank(profile(r, Preferences.NONE), blind, seeing).candidates())).containsExactly("seeing");
    }

    @Test
    void excludesModelsWhoseContextWindowIsTooSmall() {
        Deployment small = model("small", provider("p"), 1.0, 1.0, null, 100, 0, 0, 1, EnumSet.of(Capability.CHAT));
        Deployment large = model("large", provider("q"), 1.0, 1.0, null, 100_000, 0, 0, 1, EnumSet.of(Capability.CHAT));
        Ranking ranking = rank(profile("word ".repeat(400)), small, large);
        assertThat(ids(ranking.candidates())).containsExactly("large");
        assertThat(ranking.excluded().get(0).reason()).startsWith("context window of 100 tokens is smaller than the");
    }

    @Test
    void countsRequestedOutputTokensAgainstTheContextWindow() {
        Deployment d = model("d", provider("p"), 1.0, 1.0, null, 1000, 0, 0, 1, EnumSet.of(Capability.CHAT));
        ChatRequest r = ask("hi ".repeat(200));
        r.maxTokens = 900;
        assertThat(rank(profile(r, Preferences.NONE), d).candidates()).isEmpty();
        r.maxTokens = 100;
        assertThat(rank(profile(r, Preferences.NONE), d).candidates()).hasSize(1);
    }

    @Test
    void honoursAllowAndDenyProviders() {
        Deployment a = model("a", 1.0, 1.0, null);
        Deployment b = model("b", 1.0, 1.0, null);
        Ranking allow = rank(profile(ask("x"), prefs(Map.of("x-llmrouter-allow-providers", "p-a"))), a, b);
        assertThat(ids(allow.candidates())).containsExactly("a");
        assertThat(allow.excluded().get(0).reason()).isEqualTo("provider p-b is not in allow_providers");
        Ranking deny = rank(profile(ask("x"), prefs(Map.of("x-llmrouter-deny-providers", "p-a"))), a, b);
        assertThat(ids(deny.candidates())).containsExactly("b");
    }

    @Test
    void keepsOnlyProvidersInTheRequestedRegions() {
        Deployment eu = model("eu", provider("eu-host", "eu"), 1.0, 1.0, null, 0, 0, 0, 1, EnumSet.of(Capability.CHAT));
        Deployment us = model("us", provider("us-host", "us"), 1.0, 1.0, null, 0, 0, 0, 1, EnumSet.of(Capability.CHAT));
        Deployment unknown = model("unknown", 1.0, 1.0, null);
        Ranking r = rank(profile(ask("x"), prefs(Map.of("x-llmrouter-regions", "eu"))), eu, us, unknown);
        assertThat(ids(r.candidates())).containsExactly("eu");
        assertThat(r.excluded()).extracting(Exclusion::reason)
                .containsExactly("provider us-host processes data in [us], not in [eu]",
                        "provider p-unknown processes data in unknown regions, not in [eu]");
    }

    @Test
    void excludesModelsOverTheMaximumPriceAndThoseWithoutAPrice() {
        Deployment cheap = model("cheap", 0.1, 0.1, null);
        Deployment dear = model("dear", 100.0, 100.0, null);
        Deployment unpriced = model("unpriced", null, null, null);
        Ranking r = rank(profile(ask("hello"), prefs(Map.of("x-llmrouter-max-price", "0.001"))), cheap, dear, unpriced);
        assertThat(ids(r.candidates())).containsExactly("cheap");
        assertThat(r.excluded()).extracting(Exclusion::reason).satisfiesExactly(
                reason -> assertThat(reason).startsWith("expected cost $0.0264").endsWith("is over max_price $0.001000"),
                reason -> assertThat(reason).contains("has no price in the catalog"));
    }

    @Test
    void excludesModelsBelowTheMinimumQualityPerTask() {
        Deployment coder = new Deployment(new io.llmrouter.catalog.Model("coder", List.of(), "p", "coder", 1.0, 1.0, null,
                0, 0, EnumSet.of(Capability.CHAT), List.of(), 0, 0, 0.5, Map.of("code", 0.9), 1, null, null, null),
                provider("p"));
        Deployment general = model("general", 1.0, 1.0, 0.8);
        Deployment unknown = model("unknown", 1.0, 1.0, null);
        RequestProfile overall = profile(ask("x"), prefs(Map.of("x-llmrouter-min-quality", "0.7")));
        assertThat(ids(rank(overall, coder, general, unknown).candidates())).containsExactly("general");
        RequestProfile code = profile(ask("x"), prefs(Map.of("x-llmrouter-min-quality", "0.85", "x-llmrouter-task", "code")));
        assertThat(ids(rank(code, coder, general, unknown).candidates())).containsExactly("coder");
    }

    @Test
    void skipsADeploymentCoolingDownAfterA429UntilRetryAfterPasses() {
        Deployment a = model("a", 1.0, 1.0, null);
        Deployment b = model("b", 1.0, 1.0, null);
        f.state.attemptStarted("a", 1);
        f.state.attemptFailed("a", ErrorKind.RATE_LIMITED, 1_000_000, 2_000);
        Ranking r = rank(profile("x"), a, b);
        assertThat(ids(r.candidates())).containsExactly("b");
        assertThat(r.excluded().get(0).health()).isTrue();
        assertThat(r.excluded().get(0).reason()).startsWith("cooling down after a 429");
        f.advanceMillis(2_001);
        assertThat(ids(rank(profile("x"), a, b).candidates())).containsExactly("a", "b");
    }

    @Test
    void skipsADeploymentWhoseCredentialsWereRejectedThenProbesItAgain() {
        Deployment a = model("a", 1.0, 1.0, null);
        f.state.attemptStarted("a", 1);
        f.state.attemptFailed("a", ErrorKind.AUTHENTICATION, 1_000_000, -1);
        assertThat(rank(profile("x"), a).excluded()).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("the provider rejected the credentials"));
        f.advanceMillis(59_000);
        assertThat(rank(profile("x"), a).candidates()).isEmpty();
        f.advanceMillis(2_000);
        assertThat(rank(profile("x"), a).candidates()).hasSize(1);
    }

    @Test
    void skipsADeploymentWithNoRpmHeadroomLeftThisMinute() {
        Deployment limited = model("limited", provider("p"), 1.0, 1.0, null, 0, 2, 0, 1, EnumSet.of(Capability.CHAT));
        f.answered(limited, 10);
        assertThat(rank(profile("x"), limited).candidates()).hasSize(1);
        f.answered(limited, 10);
        Ranking r = rank(profile("x"), limited);
        assertThat(r.candidates()).isEmpty();
        assertThat(r.excluded().get(0).reason()).isEqualTo("no rpm headroom: 2 of 2 requests used this minute");
        f.advanceMillis(120_000);
        assertThat(rank(profile("x"), limited).candidates()).hasSize(1);
    }

    @Test
    void skipsADeploymentWithNoTpmHeadroomForThisRequest() {
        Deployment limited = model("limited", provider("p"), 1.0, 1.0, null, 0, 0, 100, 1, EnumSet.of(Capability.CHAT));
        f.state.attemptStarted("limited", 90);
        assertThat(rank(profile("a short prompt"), limited).candidates()).isEmpty();
        assertThat(rank(profile("a short prompt"), limited).excluded().get(0).reason()).startsWith("no tpm headroom");
    }

    @Test
    void excludesDeploymentsObservedSlowerThanTheLatencyTarget() {
        Deployment fast = model("fast", 1.0, 1.0, null);
        Deployment slow = model("slow", 1.0, 1.0, null);
        Deployment fresh = model("fresh", 1.0, 1.0, null);
        f.answered(fast, 100);
        f.answered(slow, 900);
        Ranking r = rank(profile(ask("x"), prefs(Map.of("x-llmrouter-latency-target-ms", "500"))), fast, slow, fresh);
        assertThat(ids(r.candidates())).containsExactly("fast", "fresh");
        assertThat(r.excluded().get(0).reason()).isEqualTo("observed latency 900 ms is over latency_target_ms 500");
    }

    @Test
    void movesPreferredModelsToTheFrontInTheirOrder() {
        Deployment a = model("a", 1.0, 1.0, null);
        Deployment b = model("b", 1.0, 1.0, null);
        Deployment c = model("c", 1.0, 1.0, null);
        Ranking r = rank(profile(ask("x"), prefs(Map.of("x-llmrouter-prefer", "c,b"))), a, b, c);
        assertThat(ids(r.candidates())).containsExactly("c", "b", "a");
    }

    @Test
    void leavesNothingWhenEveryCandidateIsFilteredAndKeepsEveryReason() {
        Deployment a = model("a", 100.0, 100.0, null);
        Deployment b = model("b", 200.0, 200.0, null);
        Ranking r = rank(profile(ask("x"), prefs(Map.of("x-llmrouter-max-price", "0.0000001"))), a, b);
        assertThat(r.candidates()).isEmpty();
        assertThat(r.excluded()).extracting(Exclusion::deployment).containsExactly("a", "b");
    }
}
