package io.llmrouter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The node-local vector index: nearest above the threshold, within one bucket, and removals that keep it consistent. */
class SemanticIndexTest {

    static float[] unit(float... v) {
        return SemanticIndex.normalise(v);
    }

    @Test
    void findsTheMostSimilarEntryAboveTheThresholdInItsBucketOnly() {
        SemanticIndex index = new SemanticIndex();
        index.add("near", "ns\nctx", unit(1, 0.1f, 0, 0, 0));
        index.add("nearer", "ns\nctx", unit(1, 0.01f, 0, 0, 0));
        index.add("far", "ns\nctx", unit(0, 1, 0, 0, 0));
        index.add("elsewhere", "other\nctx", unit(1, 0, 0, 0, 0));

        assertThat(index.nearest("ns\nctx", unit(1, 0, 0, 0, 0), 0.95)).isEqualTo("nearer");
        assertThat(index.nearest("ns\nctx", unit(0, 0, 1, 0, 0), 0.95)).isNull();
        assertThat(index.nearest("none\nctx", unit(1, 0, 0, 0, 0), 0.1)).isNull();
    }

    @Test
    void removingAnEntryMovesTheLastIntoItsPlace() {
        SemanticIndex index = new SemanticIndex();
        index.add("a", "b", unit(1, 0, 0));
        index.add("b", "b", unit(0, 1, 0));
        index.add("c", "b", unit(0, 0, 1));

        index.remove("a");
        index.remove("missing");

        assertThat(index.size()).isEqualTo(2);
        assertThat(index.nearest("b", unit(1, 0, 0), 0.5)).isNull();
        assertThat(index.nearest("b", unit(0, 0, 1), 0.99)).isEqualTo("c");
        assertThat(index.nearest("b", unit(0, 1, 0), 0.99)).isEqualTo("b");
        index.add("c", "b", unit(1, 0, 0)); // replaced, not duplicated
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.nearest("b", unit(1, 0, 0), 0.99)).isEqualTo("c");
    }

    @Test
    void aLargeBucketStillFindsCloseNeighboursThroughItsHashTablesAndSurvivesRemovals() {
        Random random = new Random(7);
        SemanticIndex index = new SemanticIndex();
        int n = SemanticIndex.SCAN_BELOW * 2;
        float[][] kept = new float[n][];
        for (int i = 0; i < n; i++) {
            kept[i] = random(random, 384);
            index.add("k" + i, "b", kept[i]);
        }
        for (int i = 0; i < n; i += 2) {
            index.remove("k" + i); // half out again: slots move, tables follow
        }

        int found = 0;
        int asked = 0;
        for (int i = 1; i < n; i += 20) {
            float[] query = nearby(kept[i], random, 0.97);
            String hit = index.nearest("b", query, 0.95);
            assertThat(hit).isIn("k" + i, null);
            found += hit == null ? 0 : 1;
            asked++;
            assertThat(index.nearest("b", nearby(kept[i - 1], random, 0.97), 0.95)).as("removed").isNull();
        }
        assertThat((double) found / asked).isGreaterThan(0.97);
    }

    static float[] random(Random random, int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return SemanticIndex.normalise(v);
    }

    /** A unit vector at cosine {@code cos} from {@code v}. */
    static float[] nearby(float[] v, Random random, double cos) {
        float[] noise = random(random, v.length);
        double along = SemanticIndex.dot(noise, v, 0);
        for (int i = 0; i < v.length; i++) {
            noise[i] -= (float) (along * v[i]);
        }
        SemanticIndex.normalise(noise);
        double sin = Math.sqrt(1 - cos * cos);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (cos * v[i] + sin * noise[i]);
        }
        return SemanticIndex.normalise(out);
    }
}
