package io.llmrouter.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** One commit's entries merge per key, team, model, deployment and second, keeping every sum. */
class SpendRollupTest {

    private static final Instant T = Instant.parse("2026-12-05T23:59:59.100Z");

    private static SpendEntry entry(Instant at, String key, String model, double usd) {
        return new SpendEntry(at, key, "team", model, model + "@east", 10, 2, 3, usd);
    }

    @Test
    void entriesOfOneSecondAndGroupMergeIntoOneRowAtTheEarliestInstant() {
        List<SpendEntry> rows = SpendRollup.of(List.of(entry(T.plusMillis(500), "k", "m", 0.25),
                entry(T, "k", "m", 0.5), entry(T.plusMillis(899), "k", "m", 0.25)));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.at()).isEqualTo(T);
            assertThat(row.answers()).isEqualTo(3);
            assertThat(row.promptTokens()).isEqualTo(30);
            assertThat(row.cachedTokens()).isEqualTo(6);
            assertThat(row.completionTokens()).isEqualTo(9);
            assertThat(row.usd()).isCloseTo(1.0, within(1e-12));
        });
    }

    @Test
    void anotherSecondKeyOrModelKeepsItsOwnRow() {
        List<SpendEntry> rows = SpendRollup.of(List.of(entry(T, "k", "m", 1), entry(T.plusMillis(900), "k", "m", 1),
                entry(T, "other", "m", 1), entry(T, "k", "m2", 1), entry(T, null, "m", 1)));

        assertThat(rows).hasSize(5); // 23:59:59.100 and 00:00:00.000 are different seconds, and different days
        assertThat(rows).allSatisfy(row -> assertThat(row.answers()).isEqualTo(1));
    }
}
