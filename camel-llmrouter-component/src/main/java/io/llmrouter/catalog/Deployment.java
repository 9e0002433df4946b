package io.llmrouter.catalog;

/** A model together with the provider that serves it: the unit the router ranks, calls and keeps statistics for. */
public record Deployment(Model model, Provider provider) {

    public String id() {
        return model.id();
    }

    /** USD for the given token counts, 0 for what the catalog does not price. */
    public double cost(int promptTokens, int cachedTokens, int completionTokens) {
        double in = model.inputPrice() == null ? 0 : model.inputPrice();
        double cached = model.cachedInputPrice() == null ? in : model.cachedInputPrice();
        double out = model.outputPrice() == null ? 0 : model.outputPrice();
        int uncached = Math.max(0, promptTokens - cachedTokens);
        return (uncached * in + cachedTokens * cached + completionTokens * out) / 1_000_000d;
    }
}
