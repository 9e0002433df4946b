package io.llmrouter.catalog;

import java.util.Map;

/**
 * The catalog's {@code learned:} section: where the learned router's quality model is, and which trained model's
 * predictions stand for each catalog model (a model file knows the models of its training data, not the catalog's).
 *
 * @param modelFile a file path, or {@code classpath:} and a resource
 * @param profiles  catalog model id to the trained model whose predicted quality it takes
 */
public record LearnedSettings(String modelFile, Map<String, String> profiles) {

    public LearnedSettings {
        profiles = Map.copyOf(profiles);
    }
}
