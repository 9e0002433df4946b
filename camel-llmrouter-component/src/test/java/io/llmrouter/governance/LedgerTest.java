package io.llmrouter.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger over the embedded database: group commit, every future completed, an entry the store refuses dropped. */
class LedgerTest {

    @TempDir
    Path dir;

    private static SpendEntry entry(String key, String model, double usd) {
        return new SpendEntry(Instant.parse("2026-12-05T10:00:00Z"), key, null, model, "fake", 10, 0, 3, usd);
    }

    @Test
    void manyEntriesAddedAtOnceAreAllCommitted() throws Exception {
        try (JdbcGovernanceStore store = JdbcGovernanceStore.embedded(dir); Ledger ledger = new Ledger(store)) {
            List<CompletableFuture<Void>> committed = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                committed.add(ledger.add(entry("key-a", "m", 0.001)));
            }
            CompletableFuture.allOf(committed.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(store.spendSince("key-a", false, Instant.EPOCH)).isCloseTo(2.0, within(1e-9));
            assertThat(ledger.pending()).isZero();
            // rows of one second were merged, yet the report counts every answer
            assertThat(store.report(GovernanceStore.GroupBy.MODEL, Instant.EPOCH, Instant.now()))
                    .singleElement().satisfies(line -> assertThat(line.requests()).isEqualTo(2_000));
        }
    }

    @Test
    void aLingeringLedgerCommitsEveryEntryAndWritesTheQueueWhenClosed() throws Exception {
        try (JdbcGovernanceStore store = JdbcGovernanceStore.embedded(dir)) {
            CompletableFuture<Void> last;
            try (Ledger ledger = new Ledger(store, 50)) {
                for (int i = 0; i < 99; i++) {
                    ledger.add(entry("key-c", "m", 0.01));
                }
                last = ledger.add(entry("key-c", "m", 0.01));
            }
            assertThat(last).isDone();
            assertThat(store.spendSince("key-c", false, Instant.EPOCH)).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void anEntryTheStoreRefusesIsDroppedAndDoesNotBlockTheOthers() throws Exception {
        try (JdbcGovernanceStore store = JdbcGovernanceStore.embedded(dir); Ledger ledger = new Ledger(store)) {
            CompletableFuture<Void> poison = ledger.add(entry("key-b", null, 1.0)); // model is NOT NULL
            List<CompletableFuture<Void>> good = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                good.add(ledger.add(entry("key-b", "m", 0.5)));
            }

            CompletableFuture.allOf(good.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            poison.get(30, TimeUnit.SECONDS);
            assertThat(store.spendSince("key-b", false, Instant.EPOCH)).isCloseTo(2.5, within(1e-9));
        }
    }
}
