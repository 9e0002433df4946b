package io.llmrouter.state.hazelcast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's spend ledger, written by group commit. Spend billed while a write is on its way waits for the next
 * one, which carries all of it: under load one write serves many requests, and when idle a request's write leaves at
 * once. A write is one entry processor on a shard whose partition this member owns, so it runs here and only its
 * synchronous backup crosses the network; a request's future completes when its spend is on two members. The ledger
 * has at most one shard per partition, whatever the number of members that ever joined; totals are summed over them.
 */
final class SpendLedger {

    private static final Logger LOG = LoggerFactory.getLogger(SpendLedger.class);
    private static final long RETRY_MILLIS = 1_000;

    private final IMap<String, SpendBook> shards;
    private final PartitionService partitions;
    private final ScheduledExecutorService retries;
    /** Sends the writes that follow a write: Hazelcast's response threads, which end one, may not start another. */
    private final Executor nextWrites;
    /** A shard key in each partition, by partition id. */
    private final String[] shardKeys;
    private final int fallbackIndex;
    private volatile String ownShard;

    private SpendBook pending = new SpendBook();
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean writing;
    private boolean failing;

    SpendLedger(HazelcastInstance hz, String mapName, ScheduledExecutorService retries, Executor nextWrites) {
        this.shards = hz.getMap(mapName);
        this.partitions = hz.getPartitionService();
        this.retries = retries;
        this.nextWrites = nextWrites;
        this.shardKeys = shardKeys(partitions);
        this.fallbackIndex = Math.floorMod(hz.getLocalEndpoint().getUuid().hashCode(), shardKeys.length);
    }

    /** Adds spend; the future completes once it is durable (or at once, logged, while the cluster cannot take it). */
    CompletableFuture<Void> add(String account, String model, double usd) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        boolean write;
        synchronized (this) {
            pending.add(account, model, usd);
            if (failing) {
                durable.complete(null);
                return durable;
            }
            waiting.add(durable);
            write = !writing;
            writing = true;
        }
        if (write) {
            write();
        }
        return durable;
    }

    double account(String account) {
        double sum = 0;
        for (SpendBook shard : shards.values()) {
            sum += shard.account(account);
        }
        return sum;
    }

    Map<String, Double> byModel() {
        Map<String, Double> sums = new HashMap<>();
        for (SpendBook shard : shards.values()) {
            shard.models().forEach((model, usd) -> sums.merge(model, usd, Double::sum));
        }
        return sums;
    }

    /** Waits, up to {@code millis}, for the writes under way; for a graceful shutdown. */
    synchronized void drain(long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        for (long left = millis; writing && !failing && left > 0; left = until - System.currentTimeMillis()) {
            wait(left);
        }
    }

    private void write() {
        SpendBook batch;
        List<CompletableFuture<Void>> batchWaiting;
        synchronized (this) {
            if (pending.isEmpty()) {
                writing = false;
                notifyAll();
                return;
            }
            batch = pending;
            batchWaiting = waiting;
            pending = new SpendBook();
            waiting = new ArrayList<>();
        }
        try {
            // Runnable::run: on the callback thread that completes it (see HazelcastCluster), no further hop
            shards.submitToKey(shard(), new AddSpendProcessor(batch))
                    .whenCompleteAsync((ok, e) -> written(batch, batchWaiting, e), Runnable::run);
        } catch (RuntimeException e) {
            written(batch, batchWaiting, e);
        }
    }

    private void written(SpendBook batch, List<CompletableFuture<Void>> batchWaiting, Throwable error) {
        if (error != null) {
            // kept, and written again later; the callers are answered rather than held while the cluster is away
            LOG.warn("spend not recorded in the cluster yet, retrying in {} ms: {}", RETRY_MILLIS, error.toString());
            synchronized (this) {
                pending.addAll(batch);
                failing = true;
                batchWaiting.addAll(waiting);
                waiting = new ArrayList<>();
            }
            batchWaiting.forEach(f -> f.complete(null));
            try {
                retries.schedule(this::retry, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                LOG.warn("state closed: spend of {} USD not recorded in the cluster", batch.total());
            }
            return;
        }
        batchWaiting.forEach(f -> f.complete(null));
        try {
            nextWrites.execute(this::write);
        } catch (RejectedExecutionException closed) {
            write();
        }
    }

    private void retry() {
        synchronized (this) {
            failing = false;
        }
        write();
    }

    /** A shard this member owns, so that the write runs here; any shard for a client or a member owning none. */
    private String shard() {
        String key = ownShard;
        if (key != null && ownedHere(partitions.getPartition(key))) {
            return key;
        }
        for (Partition p : partitions.getPartitions()) {
            if (ownedHere(p)) {
                ownShard = shardKeys[p.getPartitionId()];
                return ownShard;
            }
        }
        return shardKeys[fallbackIndex];
    }

    private static boolean ownedHere(Partition p) {
        Member owner = p.getOwner();
        return owner != null && owner.localMember();
    }

    private static String[] shardKeys(PartitionService partitions) {
        String[] keys = new String[partitions.getPartitions().size()];
        int found = 0;
        for (int i = 0; found < keys.length; i++) {
            String key = "spend-" + i;
            int p = partitions.getPartition(key).getPartitionId();
            if (keys[p] == null) {
                keys[p] = key;
                found++;
            }
        }
        return keys;
    }
}
