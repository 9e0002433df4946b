package io.llmrouter.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A mistake in the rules or regions sections fails the load with a message naming the rule and the field. */
class RulesAndRegionsValidationTest {

    private static final String BASE = """
            providers:
              - id: p
                type: openai
                base_url: http://localhost:1/v1
            models:
              - { id: a, aliases: [ay], provider: p }
            """;

    private static void failsWith(String section, String... fragments) {
        var thrown = assertThatThrownBy(() -> CatalogYaml.parse(BASE + section)).isInstanceOf(CatalogException.class)
                .hasMessageStartingWith(CatalogYaml.FILE + ": ");
        for (String f : fragments) {
            thrown.hasMessageContaining(f);
        }
    }

    @Test
    void rejectsAnUnknownConditionNamingTheRule() {
        failsWith("""
                rules:
                  - name: r1
                    when: { header: { x: y } }
                    models: [a]
                """, "rules[0] (r1)", "unknown field 'header'");
    }

    @Test
    void rejectsAnInvalidRegex() {
        failsWith("""
                rules:
                  - name: code
                    when: { last_user_message: { regex: "(unclosed" } }
                    models: [a]
                """, "code", "regex '(unclosed' is not valid");
    }

    @Test
    void rejectsAModelTheCatalogDoesNotHave() {
        failsWith("""
                rules:
                  - name: r
                    models: [a, gpt-9]
                """, "rules[0] (r)", "model 'gpt-9' is not in the catalog's models");
    }

    @Test
    void rejectsAnEmptyRangeAndARuleThatDoesNothing() {
        failsWith("""
                rules:
                  - name: r
                    when: { prompt_tokens: { min: 10, max: 5 } }
                    models: [a]
                """, "min 10 is greater than max 5");
        failsWith("""
                rules:
                  - name: idle
                    when: { tools: true }
                """, "idle", "a rule must set models, strategy or prefer");
        failsWith("""
                rules:
                  - name: r
                    when: { tools: "yes" }
                    models: [a]
                """, "tools must be true or false");
        failsWith("""
                rules:
                  - { name: r, models: [a] }
                  - { name: r, models: [ay] }
                """, "duplicate rule name 'r'");
    }

    @Test
    void rejectsARegionOrderThatDoesNotStartWithItself() {
        failsWith("""
                regions:
                  eu-west: [us-east, eu-west]
                """, "eu-west must list its failover order starting with eu-west");
    }

    @Test
    void keepsRulesInOrderAndEachRegionsOrder() {
        Catalog c = CatalogYaml.parse(BASE + """
                rules:
                  - { name: first, models: [ay] }
                  - { name: second, strategy: cost }
                regions:
                  eu-west: [eu-west, eu-central, us-east]
                """);
        assertThat(c.rules()).extracting(r -> r.name()).containsExactly("first", "second");
        assertThat(c.regionOrder("eu-west")).containsExactly("eu-west", "eu-central", "us-east");
        assertThat(c.regionOrder("ap-south")).isEqualTo(List.of("ap-south"));
    }

    @Test
    void mapsCountriesAndContinentsToRegionsCountryFirst() {
        Catalog c = CatalogYaml.parse(BASE + """
                regions:
                  eu-west: { order: [eu-west, us-east], countries: [fr, GB], continents: [EU] }
                  eu-central: { countries: [DE] }
                  us-east: [us-east, eu-west]
                """);
        assertThat(c.regions().of("DE", "EU")).isEqualTo("eu-central");
        assertThat(c.regions().of("FR", "EU")).isEqualTo("eu-west");
        assertThat(c.regions().of("IT", "EU")).isEqualTo("eu-west");
        assertThat(c.regions().of("US", "NA")).isNull();
        assertThat(c.regionOrder("eu-west")).containsExactly("eu-west", "us-east");
        assertThat(c.regionOrder("eu-central")).containsExactly("eu-central");
    }

    @Test
    void rejectsUnknownCodesAndACountryServedByTwoRegions() {
        failsWith("""
                regions:
                  eu-west: { countries: [Germany] }
                """, "regions: eu-west", "'Germany' is not an ISO 3166-1 alpha-2 country code");
        failsWith("""
                regions:
                  eu-west: { continents: [Europe] }
                """, "'Europe' is not a continent code (AF, AN, AS, EU, NA, OC, SA)");
        failsWith("""
                regions:
                  eu-west: { countries: [DE] }
                  eu-central: { countries: [de] }
                """, "regions: eu-central", "country DE is already served by region eu-west");
        failsWith("""
                regions:
                  eu-west: { order: [eu-west], country: [DE] }
                """, "unknown field 'country'");
    }

    @Test
    void aDifficultyRuleNeedsTheLearnedSectionAndAProfiledModel() {
        failsWith("""
                rules:
                  - name: hard
                    when: { difficulty: { min: 0.6 } }
                    models: [a]
                """, "rules[0] (hard): when: difficulty", "add the catalog's learned: section");
        String learned = """
                learned:
                  model_file: classpath:llmrouter/quality-model.bin
                  profiles: { a: gpt-4-1106-preview }
                """;
        failsWith(learned + """
                rules:
                  - name: hard
                    when: { difficulty: { min: 0.6, model: ay } }
                    models: [a]
                """, "model 'ay' has no learned profile (learned.profiles names [a])");
        failsWith(learned + """
                rules:
                  - { name: hard, when: { difficulty: { min: 0.7, max: 0.2 } }, models: [a] }
                """, "min 0.7 is greater than max 0.2");
        failsWith(learned + """
                rules:
                  - { name: hard, when: { difficulty: { min: 1.5 } }, models: [a] }
                """, "min must be between 0 and 1, was 1.5");
        failsWith(learned + """
                rules:
                  - { name: hard, when: { difficulty: {} }, models: [a] }
                """, "set min and/or max, from 0 to 1");
        Catalog c = CatalogYaml.parse(BASE + learned + """
                rules:
                  - { name: hard, when: { difficulty: { min: 0.6, model: a } }, models: [a] }
                """);
        assertThat(c.rules().get(0).when().difficulty()).isEqualTo(new io.llmrouter.steering.Rule.Difficulty(0.6,
                null, "a"));
    }
}
