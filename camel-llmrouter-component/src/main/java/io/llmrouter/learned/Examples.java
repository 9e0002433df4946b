package io.llmrouter.learned;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmrouter.api.Json;

/**
 * Reads scored prompts from JSONL, one object a line, in either shape: flat records {@code {prompt, model, score}}
 * (plus an optional {@code id}), grouped by id or prompt; or one line a prompt with {@code score: {model: n}}, as in
 * the routing-eval data's {@code derived/*.jsonl} (whose {@code contaminated} rows are dropped and whose MT-Bench
 * prompt is its first turn).
 */
public final class Examples {

    private Examples() {
    }

    public static List<Example> read(Path file) throws IOException {
        Map<String, Example> byKey = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode j;
                try {
                    j = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new IOException(file + " line " + n + ": not JSON", e);
                }
                if (j.path("contaminated").asBoolean(false)) {
                    continue;
                }
                add(byKey, j, file + " line " + n);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static void add(Map<String, Example> byKey, JsonNode j, String where) throws IOException {
        String prompt = j.hasNonNull("prompt") ? j.get("prompt").asText() : j.path("turns").path(0).asText(null);
        if (prompt == null) {
            throw new IOException(where + ": no prompt (or turns)");
        }
        String id = text(j, "id");
        String key = id != null ? id : prompt;
        Example e = byKey.computeIfAbsent(key, k -> new Example(id, text(j, "benchmark"), text(j, "subject"),
                prompt, new LinkedHashMap<>()));
        JsonNode score = j.get("score");
        if (score != null && score.isObject()) {
            score.fields().forEachRemaining(f -> e.scores().put(f.getKey(), f.getValue().asDouble()));
        } else if (score != null && score.isNumber() && j.hasNonNull("model")) {
            e.scores().put(j.get("model").asText(), score.asDouble());
        } else {
            throw new IOException(where + ": needs model and a numeric score, or score as {model: number}");
        }
    }

    private static String text(JsonNode j, String field) {
        return j.hasNonNull(field) ? j.get(field).asText() : null;
    }
}
