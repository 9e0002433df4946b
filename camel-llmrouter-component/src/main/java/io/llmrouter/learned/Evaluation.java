package io.llmrouter.learned;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.llmrouter.api.Json;

/**
 * Scores a {@link QualityModel} as a strong/weak router on the test split ({@link SplitRule}), per benchmark, beside
 * two baselines: a random router (the mean of {@link #RANDOM_RUNS} seeded runs) and a lookup that knows only the
 * prompt's subject (MMLU) or else its length decile, fitted on the training split of the same data.
 */
public final class Evaluation {

    static final int RANDOM_RUNS = 10;
    private static final int LENGTH_BUCKETS = 10;

    /** One benchmark's figures. */
    public record Row(String benchmark, int prompts, RoutingCurve router, RoutingCurve random, RoutingCurve lookup) {
    }

    private final QualityModel model;
    private final Embedder embedder;
    private final String strong;
    private final String weak;

    public Evaluation(QualityModel model, Embedder embedder, String strong, String weak) {
        int s = model.models().indexOf(strong);
        int w = model.models().indexOf(weak);
        if (s < 0 || w < 0) {
            throw new IllegalArgumentException("The model file scores " + model.models() + "; --strong '" + strong
                    + "' and --weak '" + weak + "' must both be among them");
        }
        this.model = model;
        this.embedder = embedder;
        this.strong = strong;
        this.weak = weak;
    }

    /** Predicts every test-split prompt, writes one JSON line each to predictions, and returns the figures. */
    public List<Row> run(List<Example> examples, Writer predictions) throws IOException {
        int s = model.models().indexOf(strong);
        int w = model.models().indexOf(weak);
        Map<String, List<Example>> test = new LinkedHashMap<>();
        Map<String, List<Example>> train = new HashMap<>();
        for (Example e : examples) {
            if (!e.scores().containsKey(strong) || !e.scores().containsKey(weak)) {
                continue;
            }
            String b = e.benchmark() == null ? "all" : e.benchmark();
            (SplitRule.isTest(e.id()) ? test : train).computeIfAbsent(b, k -> new ArrayList<>()).add(e);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Example>> t : test.entrySet()) {
            List<Example> items = t.getValue();
            int n = items.size();
            double[] routerScore = new double[n];
            double[] strongScore = new double[n];
            double[] weakScore = new double[n];
            for (int i = 0; i < n; i++) {
                Example e = items.get(i);
                double[] p = model.predict(embedder.embed(e.prompt()), e.prompt());
                routerScore[i] = p[s] - p[w];
                strongScore[i] = e.scores().get(strong);
                weakScore[i] = e.scores().get(weak);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", e.id());
                line.put("benchmark", t.getKey());
                line.put("predicted_strong", p[s]);
                line.put("predicted_weak", p[w]);
                line.put("router_score", routerScore[i]);
                predictions.write(Json.string(line));
                predictions.write('\n');
            }
            Lookup lookup = new Lookup(train.getOrDefault(t.getKey(), List.of()));
            double[] lookupScore = new double[n];
            for (int i = 0; i < n; i++) {
                lookupScore[i] = lookup.score(items.get(i));
            }
            rows.add(new Row(t.getKey(), n, RoutingCurve.of(routerScore, strongScore, weakScore),
                    random(strongScore, weakScore), RoutingCurve.of(lookupScore, strongScore, weakScore)));
        }
        predictions.flush();
        return rows;
    }

    private static RoutingCurve random(double[] strong, double[] weak) {
        double apgr = 0;
        double cpt50 = 0;
        double cpt80 = 0;
        for (int run = 0; run < RANDOM_RUNS; run++) {
            Random r = new Random(run);
            double[] w = new double[strong.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextDouble();
            }
            RoutingCurve c = RoutingCurve.of(w, strong, weak);
            apgr += c.apgr();
            cpt50 += c.cpt50();
            cpt80 += c.cpt80();
        }
        return new RoutingCurve(apgr / RANDOM_RUNS, cpt50 / RANDOM_RUNS, cpt80 / RANDOM_RUNS);
    }

    /** The training split's mean strong-minus-weak gap per subject, or else per prompt-length decile. */
    private final class Lookup {

        private final Map<String, double[]> gapByKey = new HashMap<>();
        private final double[] lengthEdges;
        private final double overall;

        Lookup(List<Example> train) {
            double[] lengths = train.stream().mapToDouble(e -> e.prompt().length()).sorted().toArray();
            lengthEdges = new double[LENGTH_BUCKETS - 1];
            for (int i = 1; i < LENGTH_BUCKETS && lengths.length > 0; i++) {
                lengthEdges[i - 1] = lengths[Math.min(lengths.length - 1, i * lengths.length / LENGTH_BUCKETS)];
            }
            double sum = 0;
            for (Example e : train) {
                double gap = e.scores().get(strong) - e.scores().get(weak);
                double[] acc = gapByKey.computeIfAbsent(key(e), k -> new double[2]);
                acc[0] += gap;
                acc[1]++;
                sum += gap;
            }
            overall = train.isEmpty() ? 0 : sum / train.size();
        }

        double score(Example e) {
            double[] acc = gapByKey.get(key(e));
            return acc == null ? overall : acc[0] / acc[1];
        }

        private String key(Example e) {
            if (e.subject() != null) {
                return e.subject();
            }
            int bucket = Arrays.binarySearch(lengthEdges, e.prompt().length());
            return "length-" + (bucket < 0 ? -bucket - 1 : bucket);
        }
    }
}
