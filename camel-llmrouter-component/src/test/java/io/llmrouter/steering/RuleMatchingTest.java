package io.llmrouter.steering;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.CatalogLoader;
import org.junit.jupiter.api.Test;

/** Each matcher of a catalog rule, and the first matching rule winning. */
class RuleMatchingTest {

    private static final Catalog CATALOG = new CatalogLoader(Map.<String, String>of()::get).parse("rules.yaml", """
            providers:
              - id: p
                type: openai
                base_url: http://localhost:1/v1
            models:
              - { id: small, provider: p }
              - { id: big, provider: p }
              - { id: coder, provider: p }
              - { id: seer, provider: p }
            rules:
              - name: gold-tier
                when: { headers: { x-tier: gold } }
                models: [big]
              - name: traced
                when: { headers: { x-trace: "*" } }
                strategy: latency
              - name: research-team
                when: { team: research, key_tags: [beta] }
                prefer: [big]
              - name: images
                when: { images: true }
                models: [seer]
              - name: agents
                when: { tools: true, json_mode: false }
                models: [big]
              - name: json
                when: { json_mode: true }
                models: [small]
              - name: code
                when: { last_user_message: { regex: "(?i)stack ?trace", keywords: [Java, kotlin] } }
                models: [coder]
              - name: long
                when: { prompt_tokens: { min: 1000, max: 100000 } }
                strategy: cost
              - name: everything-else
                models: [small]
            """.getBytes(StandardCharsets.UTF_8));

    private static String first(RuleFacts f) {
        return Rule.first(CATALOG.rules(), f).name();
    }

    private static RuleFacts facts(Map<String, String> headers, List<String> tags, List<String> team, boolean tools,
                                   boolean images, boolean json, int tokens, String last) {
        return new RuleFacts(headers, tags, team, tools, images, json, tokens, last);
    }

    private static RuleFacts plain(String last, int tokens) {
        return facts(Map.of(), List.of(), List.of(), false, false, false, tokens, last);
    }

    @Test
    void matchesAHeaderByExactValueOrPresence() {
        assertThat(first(facts(Map.of("x-tier", "gold"), List.of(), List.of(), false, false, false, 5, "hi")))
                .isEqualTo("gold-tier");
        assertThat(first(facts(Map.of("x-tier", "silver", "x-trace", "1"), List.of(), List.of(), false, false,
                false, 5, "hi"))).isEqualTo("traced");
    }

    @Test
    void matchesTeamAndKeyTagsTogether() {
        assertThat(first(facts(Map.of(), List.of("beta"), List.of("t1", "research"), false, false, false, 5, "hi")))
                .isEqualTo("research-team");
        assertThat(first(facts(Map.of(), List.of("alpha"), List.of("t1", "research"), false, false, false, 5, "hi")))
                .isEqualTo("everything-else");
    }

    @Test
    void matchesRequestFeatures() {
        assertThat(first(facts(Map.of(), List.of(), List.of(), true, true, false, 5, "what is this"))).isEqualTo("images");
        assertThat(first(facts(Map.of(), List.of(), List.of(), true, false, false, 5, "call it"))).isEqualTo("agents");
        assertThat(first(facts(Map.of(), List.of(), List.of(), true, false, true, 5, "as json"))).isEqualTo("json");
    }

    @Test
    void matchesTheLastUserMessageByRegexAndByKeywordTogether() {
        assertThat(first(plain("Here is a Stack Trace from my JAVA service", 5))).isEqualTo("code");
        assertThat(first(plain("Here is a stack trace from my Go service", 5))).isEqualTo("everything-else");
        assertThat(first(plain("I like java", 5))).isEqualTo("everything-else");
    }

    @Test
    void matchesAPromptLengthRange() {
        assertThat(first(plain("hi", 999))).isEqualTo("everything-else");
        assertThat(first(plain("hi", 1000))).isEqualTo("long");
        assertThat(first(plain("hi", 100_001))).isEqualTo("everything-else");
    }

    @Test
    void aDifficultyRangeMatchesOneMinusTheBestPredictionOrTheNamedModels() {
        Rule.Difficulty hard = new Rule.Difficulty(0.6, null, null);
        assertThat(hard.holds(Map.of("big", 0.3, "small", 0.1))).isTrue();   // 1 - 0.3
        assertThat(hard.holds(Map.of("big", 0.9, "small", 0.1))).isFalse();  // 1 - 0.9
        assertThat(hard.holds(Map.of())).isFalse();                          // no prediction: no match
        Rule.Difficulty forSmall = new Rule.Difficulty(0.5, 0.95, "small");
        assertThat(forSmall.holds(Map.of("big", 0.9, "small", 0.2))).isTrue();
        assertThat(forSmall.holds(Map.of("big", 0.9, "small", 0.01))).isFalse();
        assertThat(forSmall.holds(Map.of("big", 0.9))).isFalse();
    }
}
