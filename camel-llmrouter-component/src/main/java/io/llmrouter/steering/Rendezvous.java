package io.llmrouter.steering;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Weighted rendezvous (highest random weight) hashing: each option scores {@code -w / ln(u)} where {@code u} is a
 * uniform hash of the key and the option's name, and the highest score wins. An option wins a share of keys
 * proportional to its weight; changing one weight moves only keys to or from that option, and removing an option moves
 * only its own keys (Thaler and Ravishankar, 1998; the weighted form from Schindelhauer and Schomaker, 2005).
 */
public final class Rendezvous {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Rendezvous() {
    }

    /** The index of the winning option for the key, or -1 when no option has a positive weight. */
    public static <T> int pick(String key, List<T> options, Function<T, String> name, ToDoubleFunction<T> weight) {
        long keyHash = fnv(FNV_OFFSET, key);
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < options.size(); i++) {
            T o = options.get(i);
            double w = weight.applyAsDouble(o);
            if (!(w > 0)) {
                continue;
            }
            double score = -w / Math.log(unit(mix(fnv(keyHash ^ 0x9e3779b97f4a7c15L, name.apply(o)))));
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    /** A value in (0, 1) from the hash's top 53 bits. */
    private static double unit(long hash) {
        return ((hash >>> 11) + 0.5) / (1L << 53);
    }

    private static long fnv(long seed, String text) {
        long h = seed;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    /** MurmurHash3's 64-bit finaliser: FNV alone leaves the high bits poorly mixed for short, similar keys. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
