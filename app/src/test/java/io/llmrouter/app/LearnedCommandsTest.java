package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmrouter.jar train} and {@code evaluate} on a tiny data set in the routing-eval shape. */
class LearnedCommandsTest {

    /** Of mmlu/fixture/0..44, these fall in the test split (first byte of SHA-256 below 51). */
    private static final List<String> TEST_IDS = List.of("mmlu/fixture/3", "mmlu/fixture/19", "mmlu/fixture/26",
            "mmlu/fixture/33", "mmlu/fixture/37", "mmlu/fixture/41", "mmlu/fixture/44");

    @TempDir
    Path dir;

    private Path fixture() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i <= 44; i++) {
            boolean hard = i % 2 == 0;
            String prompt = hard ? "Compute the determinant of a " + (i % 5 + 2) + " by " + (i % 5 + 2) + " matrix"
                    : "Who was the first king of country number " + i + "?";
            lines.add(Json.string(Map.of("benchmark", "mmlu", "id", "mmlu/fixture/" + i,
                    "subject", hard ? "algebra" : "history", "prompt", prompt, "contaminated", false,
                    "score", Map.of("gpt-4-1106-preview", 1.0, "mistralai/Mixtral-8x7B-Instruct-v0.1", hard ? 0.0 : 1.0))));
        }
        Path data = dir.resolve("data.jsonl");
        Files.write(data, lines);
        return data;
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = LearnedCommands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainsOnTheTrainingSplitAndEvaluatesOnTheTestSplit() throws Exception {
        Path data = fixture();
        Path model = dir.resolve("model.bin");
        String trained = run("train", "--data", data.toString(), "--out", model.toString(), "--k", "5");
        assertThat(trained).contains("trained on 38 prompts (45 read, 7 in the test split left out)");

        Path predictions = dir.resolve("predictions.jsonl");
        String report = run("evaluate", "--data", data.toString(), "--model", model.toString(),
                "--out", predictions.toString());
        assertThat(report).contains("learned", "random (10 runs)", "subject/length lookup").containsPattern(
                "mmlu\\s+7\\s");
        List<String> lines = Files.readAllLines(predictions);
        assertThat(lines).hasSize(TEST_IDS.size());
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            JsonNode p = Json.MAPPER.readTree(line);
            ids.add(p.path("id").asText());
            assertThat(p.path("predicted_strong").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(TEST_IDS);
    }

    @Test
    void aMissingOptionIsAUsageError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LearnedCommands.run(new String[] { "train" },
                System.out)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--data");
    }
}
