package io.llmrouter.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model as the catalog lists it, served by one provider.
 *
 * @param id                public id callers use
 * @param upstream          the name the provider knows it by
 * @param inputPrice        USD per million input tokens, null when unknown
 * @param outputPrice       USD per million output tokens, null when unknown
 * @param cachedInputPrice  USD per million cached input tokens, null when the provider has no such price
 * @param rpm               requests per minute allowed, 0 for no limit
 * @param tpm               tokens per minute allowed, 0 for no limit
 * @param quality           0..1 quality score for quality-aware strategies, null when unknown
 * @param taskQuality       quality per task tag (e.g. code, math), overriding {@code quality} for that task
 * @param weight            static weight for weighted strategies
 * @param settings          what only models of its provider's type read (a simulated model's behaviour), else null
 * @param firstTokenTimeout how long a stream of this model may take to its first token, null for the endpoint's
 * @param stallTimeout      how long a stream of this model may stay silent, null for the endpoint's
 */
public record Model(String id, List<String> aliases, String provider, String upstream, Double inputPrice,
                   Double outputPrice, Double cachedInputPrice, int contextWindow, int maxOutputTokens,
                   Set<Capability> capabilities, List<String> tags, int rpm, int tpm, Double quality,
                   Map<String, Double> taskQuality, double weight, ProviderSettings settings, Duration firstTokenTimeout,
                   Duration stallTimeout) {

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }

    /** The type's settings for this model as the record its type reads them into. */
    public <S extends ProviderSettings> S settings(Class<S> type) {
        if (!type.isInstance(settings)) {
            throw new IllegalStateException("model '" + id + "' has no " + type.getSimpleName());
        }
        return type.cast(settings);
    }

    /** The quality for a task tag, falling back to the overall quality; null when unknown. */
    public Double quality(String task) {
        if (task != null) {
            Double q = taskQuality.get(task);
            if (q != null) {
                return q;
            }
        }
        return quality;
    }

    /** A concrete model for a wildcard entry {@code provider/*}: same provider and prices, the name passed on. */
    Model named(String publicId, String upstreamName) {
        return new Model(publicId, List.of(), provider, upstreamName, inputPrice, outputPrice, cachedInputPrice,
                contextWindow, maxOutputTokens, capabilities, tags, rpm, tpm, quality, taskQuality, weight, settings,
                firstTokenTimeout, stallTimeout);
    }
}
