package io.llmrouter.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes spend to the store with group commit: one writer thread takes everything queued since its last commit and
 * appends it in one transaction, merged per key, team, model, deployment and second ({@link SpendRollup}), so a
 * thousand answers a second cost a few commits of a few rows, not a thousand. Each entry's
 * future completes once its transaction committed. A failed commit is retried with the same entries until the store
 * is back or the ledger is closed; an entry the store refuses while it takes others is logged and dropped, so that it
 * cannot block every later one.
 */
public final class Ledger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final int MAX_BATCH = 1_000;

    private record Pending(SpendEntry entry, CompletableFuture<Void> committed) {
    }

    private final GovernanceStore store;
    private final long lingerMillis;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;

    public Ledger(GovernanceStore store) {
        this(store, 0);
    }

    /**
     * @param lingerMillis how long the writer waits after an entry for more to join its commit: 0 when answers wait
     *                     for their commit (sync durability); with async durability a few tens of milliseconds turn
     *                     thousands of commits a second into a few dozen
     */
    public Ledger(GovernanceStore store, long lingerMillis) {
        this.store = store;
        this.lingerMillis = lingerMillis;
        this.writer = new Thread(this::run, "llmrouter-ledger");
        writer.setDaemon(true);
        writer.start();
    }

    /** @return completes once the entry is committed to the store */
    public CompletableFuture<Void> add(SpendEntry entry) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        queue.add(new Pending(entry, committed));
        return committed;
    }

    /** Entries not committed yet. */
    public int pending() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        long backoff = 100;
        // batch is replaced when a failing one is split
        while (true) {
            try {
                if (batch.isEmpty()) {
                    Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    batch.add(first);
                    if (lingerMillis > 0 && !closing) {
                        Thread.sleep(lingerMillis);
                    }
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                store.append(SpendRollup.of(batch.stream().map(Pending::entry).toList()));
                batch.forEach(p -> p.committed().complete(null));
                batch.clear();
                backoff = 100;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("spend ledger: {} entries not written yet, retrying in {} ms: {}", batch.size(), backoff,
                        e.toString());
                if (backoff >= 400) {
                    queue.drainTo(batch, MAX_BATCH); // with what came since: a store that takes them is up
                }
                if (batch.size() > 1 && backoff >= 400) {
                    batch = oneByOne(batch); // a batch that keeps failing may hold one entry the store refuses
                    if (batch.isEmpty()) {
                        backoff = 100;
                        continue;
                    }
                }
                if (closing) {
                    LOG.error("spend ledger closed with {} entries not written: {}", batch.size(), batch);
                    batch.forEach(p -> p.committed().complete(null));
                    return;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    /**
     * Writes the entries one at a time. When some go in and others do not, the store is up and refuses those: they are
     * logged and dropped rather than blocking every later entry. When none goes in, the store is down: all are kept.
     */
    private List<Pending> oneByOne(List<Pending> batch) {
        List<Pending> refused = new ArrayList<>();
        for (Pending p : batch) {
            try {
                store.append(List.of(p.entry()));
                p.committed().complete(null);
            } catch (RuntimeException e) {
                refused.add(p);
            }
        }
        if (refused.size() == batch.size()) {
            return refused;
        }
        for (Pending p : refused) {
            LOG.error("spend ledger: dropped an entry the store refuses: {}", p.entry());
            p.committed().complete(null); // the answer goes out: failing it would not bring the entry back
        }
        return new ArrayList<>();
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.error("spend ledger closed with {} entries not written", queue.size());
        }
    }
}
