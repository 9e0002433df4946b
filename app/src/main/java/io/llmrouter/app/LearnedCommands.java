package io.llmrouter.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.llmrouter.learned.Evaluation;
import io.llmrouter.learned.Example;
import io.llmrouter.learned.Examples;
import io.llmrouter.learned.MiniLmEmbedder;
import io.llmrouter.learned.QualityModel;
import io.llmrouter.learned.RoutingCurve;
import io.llmrouter.learned.Trainer;

/**
 * The learned router's offline commands, {@code train} and {@code evaluate}: {@code java -jar llmrouter.jar train
 * --data X.jsonl --out model.bin} and {@code ... evaluate --data X.jsonl --out predictions.jsonl}.
 */
final class LearnedCommands {

    /** The shipped model, trained on the routing-eval data's training split. */
    static final String SHIPPED_MODEL = "llmrouter/quality-model.bin";
    static final String STRONG = "gpt-4-1106-preview";
    static final String WEAK = "mistralai/Mixtral-8x7B-Instruct-v0.1";

    private LearnedCommands() {
    }

    static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("train") || args[0].equals("evaluate"));
    }

    /** Runs the command; returns the process exit status. */
    static int run(String[] args, PrintStream out) throws IOException {
        List<Path> data = new ArrayList<>();
        Path outFile = null;
        Path modelFile = null;
        int k = Trainer.DEFAULT_K;
        double power = Trainer.DEFAULT_POWER;
        double headWeight = Trainer.DEFAULT_HEAD_WEIGHT;
        String strong = STRONG;
        String weak = WEAK;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data" -> data.add(Path.of(value(args, ++i, a)));
                case "--out" -> outFile = Path.of(value(args, ++i, a));
                case "--model" -> modelFile = Path.of(value(args, ++i, a));
                case "--k" -> k = Integer.parseInt(value(args, ++i, a));
                case "--power" -> power = Double.parseDouble(value(args, ++i, a));
                case "--head-weight" -> headWeight = Double.parseDouble(value(args, ++i, a));
                case "--strong" -> strong = value(args, ++i, a);
                case "--weak" -> weak = value(args, ++i, a);
                default -> throw new IllegalArgumentException("Unknown option '" + a + "' for " + args[0]);
            }
        }
        if (data.isEmpty() || outFile == null) {
            throw new IllegalArgumentException(args[0] + " needs --data FILE.jsonl (repeatable) and --out FILE");
        }
        List<Example> examples = new ArrayList<>();
        for (Path p : data) {
            examples.addAll(Examples.read(p));
        }
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        return args[0].equals("train")
                ? train(examples, embedder, k, power, headWeight, outFile, out)
                : evaluate(examples, embedder, load(modelFile), strong, weak, outFile, out);
    }

    private static int train(List<Example> examples, MiniLmEmbedder embedder, int k, double power, double headWeight,
                             Path outFile, PrintStream out) throws IOException {
        long start = System.nanoTime();
        QualityModel model = new Trainer(embedder, MiniLmEmbedder.NAME, k, power, headWeight).train(examples);
        double seconds = (System.nanoTime() - start) / 1e9;
        try (OutputStream o = Files.newOutputStream(outFile)) {
            model.write(o);
        }
        out.printf(Locale.ROOT, "trained on %d prompts (%d read, %d in the test split left out) for models %s%n",
                model.size(), examples.size(), examples.size() - model.size(), model.models());
        out.printf(Locale.ROOT, "embedding: %.1f s, %.2f ms a prompt; wrote %s (%d bytes)%n", seconds,
                seconds * 1000 / Math.max(1, model.size()), outFile, Files.size(outFile));
        return 0;
    }

    private static int evaluate(List<Example> examples, MiniLmEmbedder embedder, QualityModel model, String strong,
                                String weak, Path outFile, PrintStream out) throws IOException {
        List<Evaluation.Row> rows;
        try (Writer w = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            rows = new Evaluation(model, embedder, strong, weak).run(examples, w);
        }
        out.println("test split: APGR / CPT(50%) / CPT(80%)");
        out.printf(Locale.ROOT, "%-10s %6s  %-24s %-24s %-24s%n", "benchmark", "n", "learned", "random (10 runs)",
                "subject/length lookup");
        for (Evaluation.Row r : rows) {
            out.printf(Locale.ROOT, "%-10s %6d  %-24s %-24s %-24s%n", r.benchmark(), r.prompts(), cells(r.router()),
                    cells(r.random()), cells(r.lookup()));
        }
        out.println("predictions: " + outFile);
        return 0;
    }

    private static String cells(RoutingCurve c) {
        return String.format(Locale.ROOT, "%.3f / %.1f%% / %.1f%%", c.apgr(), c.cpt50() * 100, c.cpt80() * 100);
    }

    private static QualityModel load(Path file) throws IOException {
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                return QualityModel.read(in);
            }
        }
        try (InputStream in = LearnedCommands.class.getClassLoader().getResourceAsStream(SHIPPED_MODEL)) {
            if (in == null) {
                throw new IOException("No --model given and no shipped model on the class path");
            }
            return QualityModel.read(in);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
