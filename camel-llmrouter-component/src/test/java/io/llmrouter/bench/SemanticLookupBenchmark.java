package io.llmrouter.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.llmrouter.cache.SemanticIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The semantic cache's lookup on one node: the nearest of N kept prompts (384-dimensional unit vectors, all in one
 * namespace and context, the worst case) to a new one, by brute force. Sampled, for the p99. The query is random, so
 * it matches nothing and every entry is scanned.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SemanticLookupBenchmark {

    private static final int DIMS = 384;

    @Param({"10000", "100000"})
    int entries;

    private SemanticIndex index;
    private float[][] queries;
    private int next;

    @Setup
    public void fill() {
        Random random = new Random(42);
        index = new SemanticIndex();
        for (int i = 0; i < entries; i++) {
            index.add("key-" + i, "ns\nctx", vector(random));
        }
        queries = new float[64][];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = vector(random);
        }
    }

    private static float[] vector(Random random) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return SemanticIndex.normalise(v);
    }

    @Benchmark
    public String nearest() {
        next = (next + 1) & (queries.length - 1);
        return index.nearest("ns\nctx", queries[next], 0.95);
    }
}
