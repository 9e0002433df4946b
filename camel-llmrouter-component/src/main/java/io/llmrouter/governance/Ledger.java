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
 * appends it in one transaction, so a thousand answers a second cost a few commits, not a thousand. Each entry's
 * future completes once its transaction committed. A failed commit is retried with the same entries (never dropped)
 * until the store is back or the ledger is closed.
 */
public final class Ledger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final int MAX_BATCH = 1_000;

    private record Pending(SpendEntry entry, CompletableFuture<Void> committed) {
    }

    private final GovernanceStore store;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;

    public Ledger(GovernanceStore store) {
        this.store = store;
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
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                store.append(batch.stream().map(Pending::entry).toList());
                batch.forEach(p -> p.committed().complete(null));
                batch.clear();
                backoff = 100;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("spend ledger: {} entries not written yet, retrying in {} ms: {}", batch.size(), backoff,
                        e.toString());
                if (closing) {
                    batch.forEach(p -> p.committed().completeExceptionally(e));
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
