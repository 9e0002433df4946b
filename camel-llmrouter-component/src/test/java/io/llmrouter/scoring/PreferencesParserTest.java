package io.llmrouter.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import org.junit.jupiter.api.Test;

/** Callers' routing preferences are read from headers and the body's router object, and bad ones name themselves. */
class PreferencesParserTest {

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void readsEveryPreferenceFromHeadersInAnyCase() {
        Preferences p = PreferencesParser.parse(Map.of("X-LLMRouter-Strategy", "cost", "x-llmrouter-weights",
                "cost=2,latency=1,quality=1", "x-llmrouter-max-price", "0.01", "x-llmrouter-latency-target-ms", "800",
                "x-llmrouter-min-quality", "0.5", "x-llmrouter-allow-providers", "openai, groq",
                "x-llmrouter-deny-providers", "together", "x-llmrouter-regions", "eu", "x-llmrouter-prefer", "a,b",
                "x-llmrouter-explain", "true"), null);
        assertThat(p.strategy()).isEqualTo("cost");
        assertThat(p.weights()).isEqualTo(new Weights(0.5, 0.25, 0.25));
        assertThat(p.maxPriceUsd()).isEqualTo(0.01);
        assertThat(p.latencyTargetMs()).isEqualTo(800);
        assertThat(p.minQuality()).isEqualTo(0.5);
        assertThat(p.allowProviders()).containsExactlyInAnyOrder("openai", "groq");
        assertThat(p.denyProviders()).containsExactly("together");
        assertThat(p.regions()).containsExactly("eu");
        assertThat(p.prefer()).containsExactly("a", "b");
        assertThat(p.explain()).isTrue();
    }

    @Test
    void readsTheBodyRouterObjectAndLetsItWinOverHeaders() throws Exception {
        Preferences p = PreferencesParser.parse(Map.of("x-llmrouter-strategy", "cost"), json("""
                {"strategy":"latency","weights":{"cost":1,"quality":3},"max_price":0.5,"prefer":["x"],"task":"code",
                 "explain":false}"""));
        assertThat(p.strategy()).isEqualTo("latency");
        assertThat(p.weights()).isEqualTo(new Weights(0.25, 0, 0.75));
        assertThat(p.maxPriceUsd()).isEqualTo(0.5);
        assertThat(p.prefer()).containsExactly("x");
        assertThat(p.task()).isEqualTo("code");
    }

    @Test
    void ignoresHeadersThatAreNotRoutingHeaders() {
        assertThat(PreferencesParser.parse(Map.of("content-type", "application/json"), null)).isEqualTo(Preferences.NONE);
    }

    @Test
    void rejectsAnUnknownRoutingHeaderByName() {
        assertThatThrownBy(() -> PreferencesParser.parse(Map.of("x-llmrouter-cheapest", "yes"), null))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("x-llmrouter-cheapest");
                    assertThat(e.getMessage()).contains("Unknown routing header 'x-llmrouter-cheapest'");
                });
    }

    @Test
    void rejectsAnUnknownBodyPreferenceByName() {
        assertThatThrownBy(() -> PreferencesParser.parse(Map.of(), json("{\"cheapest\":true}")))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.param()).isEqualTo("router.cheapest"));
    }

    @Test
    void rejectsIllFormedValuesNamingThem() {
        assertBad(Map.of("x-llmrouter-max-price", "cheap"), "x-llmrouter-max-price", "is not a number");
        assertBad(Map.of("x-llmrouter-min-quality", "1.5"), "x-llmrouter-min-quality", "is not between 0.0 and 1.0");
        assertBad(Map.of("x-llmrouter-weights", "speed=1"), "x-llmrouter-weights", "Unknown weight 'speed'");
        assertBad(Map.of("x-llmrouter-weights", "cost=0"), "x-llmrouter-weights", "not all 0");
        assertBad(Map.of("x-llmrouter-explain", "yes"), "x-llmrouter-explain", "expected true or false");
        assertBad(Map.of("x-llmrouter-allow-providers", " , "), "x-llmrouter-allow-providers", "the list is empty");
    }

    @Test
    void rejectsIllTypedBodyValuesNamingThem() throws Exception {
        assertThatThrownBy(() -> PreferencesParser.parse(Map.of(), json("{\"max_price\":\"0.1\"}")))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.param()).isEqualTo("router.max_price"));
        assertThatThrownBy(() -> PreferencesParser.parse(Map.of(), json("{\"prefer\":\"a\"}")))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.getMessage()).contains("expected an array"));
        assertThatThrownBy(() -> PreferencesParser.parse(Map.of(), json("[1]")))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.param()).isEqualTo("router"));
    }

    @Test
    void rejectsWeightsThatAreNotFiniteNumbers() throws Exception {
        assertBad(Map.of("x-llmrouter-weights", "cost=NaN,latency=1"), "x-llmrouter-weights", "finite");
        assertBad(Map.of("x-llmrouter-weights", "cost=Infinity"), "x-llmrouter-weights", "finite");
        assertBad(Map.of("x-llmrouter-weights", "cost=-1,latency=2"), "x-llmrouter-weights", ">= 0");
        assertThatThrownBy(() -> PreferencesParser.parse(Map.of(), json("{\"weights\":{\"cost\":1e400}}")))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.param()).isEqualTo("router.weights"));
    }

    @Test
    void rejectsNotANumberForNumericPreferences() {
        assertBad(Map.of("x-llmrouter-max-price", "NaN"), "x-llmrouter-max-price", "is not between");
        assertBad(Map.of("x-llmrouter-latency-target-ms", "Infinity"), "x-llmrouter-latency-target-ms", "is not between");
        assertBad(Map.of("x-llmrouter-min-quality", "NaN"), "x-llmrouter-min-quality", "is not between");
    }

    @Test
    void capsEachListPreferenceAt64Names() throws Exception {
        String names = String.join(",", java.util.Collections.nCopies(64, "m"));
        assertThat(PreferencesParser.parse(Map.of("x-llmrouter-prefer", names), null).prefer()).containsExactly("m");

        assertBad(Map.of("x-llmrouter-prefer", names + ",m"), "x-llmrouter-prefer", "array too long");
        String body = "{\"deny_providers\":[" + String.join(",", java.util.Collections.nCopies(65, "\"p\"")) + "]}";
        assertThatThrownBy(() -> PreferencesParser.parse(Map.of(), json(body)))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.param()).isEqualTo("router.deny_providers"));
    }

    private static void assertBad(Map<String, String> headers, String param, String message) {
        assertThatThrownBy(() -> PreferencesParser.parse(headers, null))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
