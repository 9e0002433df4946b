package io.llmrouter.cache;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * This node's index of the kept prompts' embeddings, one bucket per namespace and context. It holds only keys and unit
 * vectors (in one flat array per bucket); the answers stay in the store.
 *
 * <p>A small bucket is scanned whole for the greatest dot product (the cosine similarity). A large one (from
 * {@value #SCAN_BELOW} entries) first narrows the scan with locality-sensitive hashing by random hyperplanes
 * (Charikar, "Similarity estimation techniques from rounding algorithms", STOC 2002): {@value #TABLES} tables of
 * {@value #BITS}-bit signatures, a vector's bit set when it lies on the positive side of a fixed random hyperplane; only
 * the entries sharing a signature with the query in some table are compared exactly. Two vectors at angle θ share a
 * bit with probability 1 − θ/π, so at the default threshold (cosine 0.95, θ ≈ 18°) a kept prompt is among the
 * candidates with probability 1 − (1 − 0.9<sup>10</sup>)<sup>12</sup> ≈ 99.4 % (99.98 % at cosine 0.98), while an
 * unrelated one is with about 12/1024: a lookup at 100,000 entries compares some thousand instead of all. A prompt
 * missed this way is a cache miss, never a wrong answer. BENCHMARKS.md has the costs at 10k and 100k entries.
 */
public final class SemanticIndex {

    static final int SCAN_BELOW = 4096;
    static final int TABLES = 12;
    static final int BITS = 10;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** key to bucket name, for removals, which know only the key. */
    private final Map<String, String> bucketOf = new ConcurrentHashMap<>();
    private volatile float[][] planes;

    public void add(String key, String bucket, float[] unit) {
        remove(key);
        bucketOf.put(key, bucket);
        buckets.computeIfAbsent(bucket, b -> new Bucket(unit.length)).add(key, unit, signatures(unit));
    }

    public void remove(String key) {
        String bucket = bucketOf.remove(key);
        if (bucket != null) {
            Bucket b = buckets.get(bucket);
            if (b != null) {
                b.remove(key);
            }
        }
    }

    /** The key of the most similar prompt in the bucket at {@code threshold} or above, or null. */
    public String nearest(String bucket, float[] unit, double threshold) {
        Bucket b = buckets.get(bucket);
        return b == null ? null : b.nearest(unit, threshold, this);
    }

    public int size() {
        return bucketOf.size();
    }

    /** Scales {@code v} to unit length in place, so that a dot product is the cosine similarity. */
    public static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float inv = sum == 0 ? 0 : (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    /** The vector's signature in each table. */
    int[] signatures(float[] v) {
        float[][] p = planes(v.length);
        int[] sig = new int[TABLES];
        for (int t = 0; t < TABLES; t++) {
            int s = 0;
            for (int b = 0; b < BITS; b++) {
                if (dot(v, p[t * BITS + b], 0) > 0) {
                    s |= 1 << b;
                }
            }
            sig[t] = s;
        }
        return sig;
    }

    /** Fixed (seeded) hyperplanes: every node hashes alike, which keeps tests and benchmarks repeatable. */
    private float[][] planes(int dims) {
        float[][] p = planes;
        if (p == null || p[0].length != dims) {
            Random random = new Random(0x5eed);
            p = new float[TABLES * BITS][dims];
            for (float[] plane : p) {
                for (int i = 0; i < dims; i++) {
                    plane[i] = (float) random.nextGaussian();
                }
            }
            planes = p;
        }
        return p;
    }

    /** Four accumulators: the additions do not wait on each other. */
    static float dot(float[] q, float[] v, int off) {
        int dims = q.length;
        float a = 0;
        float b = 0;
        float c = 0;
        float d = 0;
        int i = 0;
        for (; i + 3 < dims; i += 4) {
            a += q[i] * v[off + i];
            b += q[i + 1] * v[off + i + 1];
            c += q[i + 2] * v[off + i + 2];
            d += q[i + 3] * v[off + i + 3];
        }
        for (; i < dims; i++) {
            a += q[i] * v[off + i];
        }
        return a + b + c + d;
    }

    private static final class Bucket {
        private final int dims;
        private final ReadWriteLock lock = new ReentrantReadWriteLock();
        private final Map<String, Integer> slot = new HashMap<>();
        /** Per table: signature to the slots that have it. */
        @SuppressWarnings("unchecked")
        private final Map<Integer, Slots>[] tables = new Map[TABLES];
        private String[] keys = new String[16];
        private int[] signatures = new int[16 * TABLES];
        private float[] vectors;
        private int size;

        Bucket(int dims) {
            this.dims = dims;
            this.vectors = new float[16 * dims];
            for (int t = 0; t < TABLES; t++) {
                tables[t] = new HashMap<>();
            }
        }

        void add(String key, float[] unit, int[] sig) {
            if (unit.length != dims) {
                throw new IllegalArgumentException("embedding of " + unit.length + " dimensions in an index of "
                        + dims);
            }
            lock.writeLock().lock();
            try {
                if (size == keys.length) {
                    keys = Arrays.copyOf(keys, size * 2);
                    vectors = Arrays.copyOf(vectors, size * 2 * dims);
                    signatures = Arrays.copyOf(signatures, size * 2 * TABLES);
                }
                System.arraycopy(unit, 0, vectors, size * dims, dims);
                System.arraycopy(sig, 0, signatures, size * TABLES, TABLES);
                keys[size] = key;
                for (int t = 0; t < TABLES; t++) {
                    tables[t].computeIfAbsent(sig[t], s -> new Slots()).add(size);
                }
                slot.put(key, size++);
            } finally {
                lock.writeLock().unlock();
            }
        }

        void remove(String key) {
            lock.writeLock().lock();
            try {
                Integer i = slot.remove(key);
                if (i == null) {
                    return;
                }
                unlist(i);
                int last = --size;
                if (i != last) { // the last entry takes the hole
                    unlist(last);
                    System.arraycopy(vectors, last * dims, vectors, i * dims, dims);
                    System.arraycopy(signatures, last * TABLES, signatures, i * TABLES, TABLES);
                    keys[i] = keys[last];
                    slot.put(keys[i], i);
                    for (int t = 0; t < TABLES; t++) {
                        tables[t].computeIfAbsent(signatures[i * TABLES + t], s -> new Slots()).add(i);
                    }
                }
                keys[last] = null;
            } finally {
                lock.writeLock().unlock();
            }
        }

        /** Takes slot {@code s} out of every table. */
        private void unlist(int s) {
            for (int t = 0; t < TABLES; t++) {
                int sig = signatures[s * TABLES + t];
                Slots list = tables[t].get(sig);
                list.remove(s);
                if (list.size == 0) {
                    tables[t].remove(sig);
                }
            }
        }

        String nearest(float[] q, double threshold, SemanticIndex index) {
            int[] sig = size < SCAN_BELOW ? null : index.signatures(q);
            lock.readLock().lock();
            try {
                int best = -1;
                double bestScore = threshold;
                if (sig == null || size < SCAN_BELOW) {
                    for (int i = 0, off = 0; i < size; i++, off += dims) {
                        double s = dot(q, vectors, off);
                        if (s >= bestScore) {
                            bestScore = s;
                            best = i;
                        }
                    }
                } else {
                    BitSet seen = new BitSet(size);
                    for (int t = 0; t < TABLES; t++) {
                        Slots list = tables[t].get(sig[t]);
                        for (int j = 0; list != null && j < list.size; j++) {
                            int i = list.slots[j];
                            if (!seen.get(i)) {
                                seen.set(i);
                                double s = dot(q, vectors, i * dims);
                                if (s >= bestScore) {
                                    bestScore = s;
                                    best = i;
                                }
                            }
                        }
                    }
                }
                return best < 0 ? null : keys[best];
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    /** A growable list of slots. */
    private static final class Slots {
        int[] slots = new int[4];
        int size;

        void add(int s) {
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
            }
            slots[size++] = s;
        }

        void remove(int s) {
            for (int j = 0; j < size; j++) {
                if (slots[j] == s) {
                    slots[j] = slots[--size];
                    return;
                }
            }
        }
    }
}
