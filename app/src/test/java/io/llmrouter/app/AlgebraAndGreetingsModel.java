package io.llmrouter.app;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmrouter.learned.Example;
import io.llmrouter.learned.MiniLmEmbedder;
import io.llmrouter.learned.QualityModel;
import io.llmrouter.learned.Trainer;

/**
 * A quality model trained for a test, with the shipped embedder, on five algebra questions and five greetings: models
 * {@code strong} and {@code weak}, the weak one failing algebra and both handling greetings.
 */
final class AlgebraAndGreetingsModel {

    static final String MATH = "Solve for x: 3x^2 - 12x + 9 = 0, then integrate the result over [0, 2].";
    static final String HELLO = "Hello there, how are you today?";

    private AlgebraAndGreetingsModel() {
    }

    /** @param strongOnAlgebra the strong model's score on algebra (1 when it always succeeds) */
    static Path trained(double strongOnAlgebra) throws Exception {
        List<Example> fixture = new ArrayList<>();
        String[] algebra = { "Solve the quadratic equation 2x^2 + 3x - 5 = 0.",
            "Integrate x^3 * sin(x) dx by parts.", "Find the eigenvalues of the matrix [[2, 1], [1, 2]].",
            "Prove that the square root of 2 is irrational.", "Differentiate ln(x^2 + 1) with respect to x." };
        String[] greetings = { "Hi! How are you?", "Good morning, have a nice day.", "Hello, nice to meet you.",
            "Hey, what's up?", "Thanks, see you later!" };
        for (String p : algebra) {
            fixture.add(new Example(null, null, null, p, Map.of("strong", strongOnAlgebra, "weak", 0.0)));
        }
        for (String p : greetings) {
            fixture.add(new Example(null, null, null, p, Map.of("strong", 1.0, "weak", 0.95)));
        }
        QualityModel model = new Trainer(new MiniLmEmbedder(), MiniLmEmbedder.NAME, 3, 4, Trainer.DEFAULT_HEAD_WEIGHT)
                .train(fixture);
        Path file = Files.createTempFile("quality-model", ".bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            model.write(out);
        }
        return file;
    }
}
