package io.llmrouter.learned;

import java.util.Map;

/**
 * One prompt with each model's score on it (0..1, higher is better).
 *
 * @param id        the prompt's id in its data set, or null
 * @param benchmark the data set's name, or null
 * @param subject   a topic label (MMLU's subject), or null
 */
public record Example(String id, String benchmark, String subject, String prompt, Map<String, Double> scores) {
}
