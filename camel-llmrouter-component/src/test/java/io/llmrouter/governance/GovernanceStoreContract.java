package io.llmrouter.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.llmrouter.governance.GovernanceStore.GroupBy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC store must do on every database it supports; each runs it through a subclass, on an empty database of
 * its own per test. Instants come back truncated to the millisecond: that is how the store keeps them.
 */
abstract class GovernanceStoreContract {

    static final Instant T0 = Instant.parse("2025-03-10T12:00:00.123456789Z");
    static final Instant T0_MILLIS = Instant.parse("2025-03-10T12:00:00.123Z");

    private JdbcGovernanceStore store;

    /** Opens a store on this test's database: the same database each time it is called within a test. */
    protected abstract JdbcGovernanceStore open();

    JdbcGovernanceStore store() {
        if (store == null) {
            store = open();
        }
        return store;
    }

    JdbcGovernanceStore reopen() {
        store().close();
        store = open();
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static Team team(String id) {
        return new Team(id, "Team " + id, new Limits(60, 100_000, new Budget(25.5, BudgetPeriod.MONTH, true)), T0);
    }

    static VirtualKey key(String id, String hash) {
        return new VirtualKey(id, "key " + id, hash, "sk-llmr-...ab12", "research", List.of("gpt-4o*", "openai/*"),
                new Limits(10, 5_000, new Budget(1.25, BudgetPeriod.DAY, false)), "cost",
                Map.of("max-price", "0.002", "quality", "high"), List.of("ci", "nightly"), T0.plusSeconds(86_400), T0,
                null);
    }

    static SpendEntry spend(Instant at, String key, String team, String model, double usd) {
        return new SpendEntry(at, key, team, model, model + "@east", 100, 10, 50, usd);
    }

    @Test
    void savesAndLoadsATeamWithEveryField() {
        store().saveTeam(team("research"));

        assertThat(store().team("research")).contains(new Team("research", "Team research",
                new Limits(60, 100_000, new Budget(25.5, BudgetPeriod.MONTH, true)), T0_MILLIS));
    }

    @Test
    void savesAndLoadsATeamWithoutNameLimitsOrCreationTime() {
        store().saveTeam(new Team("bare", null, null, null));

        assertThat(store().team("bare")).contains(new Team("bare", null, Limits.NONE, null));
        assertThat(store().team("missing")).isEmpty();
    }

    @Test
    void savingATeamAgainReplacesIt() {
        store().saveTeam(team("research"));
        store().saveTeam(new Team("research", "Renamed", new Limits(1, 2, null), T0));
        store().saveTeam(team("ops"));

        assertThat(store().teams()).extracting(Team::id, Team::name)
                .containsExactly(tuple("ops", "Team ops"),
                        tuple("research", "Renamed"));
        assertThat(store().team("research").orElseThrow().limits()).isEqualTo(new Limits(1, 2, null));
    }

    @Test
    void savesAndLoadsAKeyWithEveryField() {
        VirtualKey key = key("key-1", "hash-1");
        store().saveKey(key.revokedAt(T0.plusSeconds(60)));

        VirtualKey loaded = store().key("key-1").orElseThrow();
        assertThat(loaded).isEqualTo(new VirtualKey("key-1", "key key-1", "hash-1", "sk-llmr-...ab12", "research",
                List.of("gpt-4o*", "openai/*"), new Limits(10, 5_000, new Budget(1.25, BudgetPeriod.DAY, false)),
                "cost", Map.of("max-price", "0.002", "quality", "high"), List.of("ci", "nightly"),
                T0_MILLIS.plusSeconds(86_400), T0_MILLIS, T0_MILLIS.plusSeconds(60)));
    }

    @Test
    void keepsWhetherAKeyIsAudited() {
        store().saveKey(key("key-1", "hash-1").withAudit(true));
        store().saveKey(key("key-2", "hash-2"));

        assertThat(store().key("key-1").orElseThrow().audit()).isTrue();
        assertThat(store().key("key-2").orElseThrow().audit()).isFalse();
        store().saveKey(store().key("key-1").orElseThrow().withAudit(false));
        assertThat(store().key("key-1").orElseThrow().audit()).isFalse();
    }

    @Test
    void savesAndLoadsAKeyWithOnlyItsIdAndHash() {
        store().saveKey(new VirtualKey("key-1", null, "hash-1", null, null, null, null, null, null, null, null, null,
                null));

        assertThat(store().key("key-1")).contains(new VirtualKey("key-1", null, "hash-1", null, null, List.of(),
                Limits.NONE, null, Map.of(), List.of(), null, null, null));
        assertThat(store().key("key-2")).isEmpty();
    }

    @Test
    void findsAKeyByItsHash() {
        store().saveKey(key("key-1", "hash-1"));
        store().saveKey(key("key-2", "hash-2"));

        assertThat(store().keyByHash("hash-2")).map(VirtualKey::id).contains("key-2");
        assertThat(store().keyByHash("hash-3")).isEmpty();
    }

    @Test
    void refusesASecondKeyWithTheSameHash() {
        store().saveKey(key("key-1", "hash-1"));

        assertThatThrownBy(() -> store().saveKey(key("key-2", "hash-1"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("save key key-2");
        assertThat(store().keys()).extracting(VirtualKey::id).containsExactly("key-1");
    }

    @Test
    void aRotatedKeyIsFoundByItsNewHashOnly() {
        VirtualKey key = key("key-1", "old-hash");
        store().saveKey(key);

        store().saveKey(key.withSecret("new-hash", "sk-llmr-...cd34"));

        assertThat(store().keyByHash("old-hash")).isEmpty();
        assertThat(store().keyByHash("new-hash")).map(VirtualKey::hint).contains("sk-llmr-...cd34");
        assertThat(store().keys()).hasSize(1);
    }

    @Test
    void aRevokedKeyStaysRevokedAndListed() {
        store().saveKey(key("key-1", "hash-1"));
        store().saveKey(key("key-2", "hash-2"));

        store().saveKey(store().key("key-1").orElseThrow().revokedAt(T0.plusSeconds(5)));

        assertThat(store().keyByHash("hash-1").orElseThrow().revokedAt()).isEqualTo(T0_MILLIS.plusSeconds(5));
        assertThat(store().keys()).extracting(VirtualKey::id, VirtualKey::revoked)
                .containsExactly(tuple("key-1", true),
                        tuple("key-2", false));
    }

    @Test
    void spendSinceCountsAKeysOrATeamsEntriesFromTheBoundaryOn() {
        Instant since = T0_MILLIS;
        store().append(List.of(
                spend(since.minusMillis(1), "key-1", "research", "m", 100),
                spend(since, "key-1", "research", "m", 1.5),
                spend(since.plusSeconds(3600), "key-1", "research", "m", 0.25),
                spend(since.plusSeconds(10), "key-2", "research", "m", 2),
                spend(since.plusSeconds(10), "key-3", "ops", "m", 8)));

        assertThat(store().spendSince("key-1", false, since)).isCloseTo(1.75, within(1e-9));
        assertThat(store().spendSince("research", true, since)).isCloseTo(3.75, within(1e-9));
        assertThat(store().spendSince("research", true, since.minusMillis(1))).isCloseTo(103.75, within(1e-9));
        assertThat(store().spendSince("nobody", false, since)).isZero();
    }

    @Test
    void reportsGroupByKeyTeamAndModelLargestFirstWithMissingKeysAndTeamsAsDash() {
        Instant from = T0_MILLIS;
        Instant to = from.plusSeconds(3600);
        store().append(List.of(
                spend(from, "key-1", "research", "small", 1),
                spend(from.plusSeconds(1), "key-1", "research", "large", 4),
                spend(from.plusSeconds(2), "key-2", null, "large", 2),
                spend(from.plusSeconds(3), null, null, "small", 0.5),
                spend(from.minusMillis(1), "key-9", "old", "small", 50),
                spend(to, "key-9", "late", "small", 50)));

        assertThat(store().report(GroupBy.KEY, from, to)).containsExactly(
                new SpendLine("key-1", 5, 2, 200, 100),
                new SpendLine("key-2", 2, 1, 100, 50),
                new SpendLine("-", 0.5, 1, 100, 50));
        assertThat(store().report(GroupBy.TEAM, from, to)).containsExactly(
                new SpendLine("research", 5, 2, 200, 100),
                new SpendLine("-", 2.5, 2, 200, 100));
        assertThat(store().report(GroupBy.MODEL, from, to)).containsExactly(
                new SpendLine("large", 6, 2, 200, 100),
                new SpendLine("small", 1.5, 2, 200, 100));
    }

    @Test
    void reportsGroupByUtcDay() {
        Instant midnight = Instant.parse("2025-03-11T00:00:00Z");
        store().append(List.of(
                spend(midnight.minusMillis(1), "key-1", null, "m", 1),
                spend(midnight, "key-1", null, "m", 2),
                spend(midnight.plusSeconds(86_399), "key-1", null, "m", 3)));

        assertThat(store().report(GroupBy.DAY, midnight.minusSeconds(86_400), midnight.plusSeconds(86_400)))
                .containsExactly(new SpendLine("2025-03-11", 5, 2, 200, 100),
                        new SpendLine("2025-03-10", 1, 1, 100, 50));
    }

    @Test
    void aBatchWithABadEntryLeavesNothing() {
        store().append(List.of(spend(T0, "key-1", null, "m", 1)));

        assertThatThrownBy(() -> store().append(List.of(
                spend(T0, "key-1", null, "m", 10),
                spend(T0, "key-1", null, "m", 20),
                spend(T0, "key-1", null, null, 30))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("append 3 spend entries");

        assertThat(store().spendSince("key-1", false, T0.minusSeconds(1))).isEqualTo(1);
    }

    @Test
    void everythingSurvivesCloseAndReopen() {
        store().saveTeam(team("research"));
        store().saveKey(key("key-1", "hash-1"));
        store().append(List.of(spend(T0, "key-1", "research", "m", 1.5)));

        reopen();

        assertThat(store().team("research")).isPresent();
        assertThat(store().keyByHash("hash-1")).map(VirtualKey::id).contains("key-1");
        assertThat(store().spendSince("research", true, T0_MILLIS)).isEqualTo(1.5);
    }

    @Test
    void openingAnExistingDatabaseAgainMigratesNothing() {
        store().saveKey(key("key-1", "hash-1"));

        try (JdbcGovernanceStore second = open()) {
            assertThat(second.keys()).extracting(VirtualKey::id).containsExactly("key-1");
        }
        reopen();

        assertThat(store().keys()).extracting(VirtualKey::id).containsExactly("key-1");
    }
}
