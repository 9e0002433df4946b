package io.llmrouter.scoring;

import java.util.EnumSet;
import java.util.Set;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.catalog.Capability;

/** What a request needs from a model: its capabilities. */
public record RequestProfile(Set<Capability> needs) {

    public static RequestProfile of(ChatRequest r) {
        Set<Capability> needs = EnumSet.of(Capability.CHAT);
        if (r.hasTools()) {
            needs.add(Capability.TOOLS);
        }
        if (r.hasImages()) {
            needs.add(Capability.VISION);
        }
        if (r.responseFormat != null && r.responseFormat.wantsJsonSchema()) {
            needs.add(Capability.JSON_SCHEMA);
        }
        if (r.responseFormat != null && r.responseFormat.wantsJsonObject()) {
            needs.add(Capability.JSON_MODE);
        }
        if (r.streaming()) {
            needs.add(Capability.STREAMING);
        }
        return new RequestProfile(needs);
    }

    public static RequestProfile embeddings() {
        return new RequestProfile(EnumSet.of(Capability.EMBEDDINGS));
    }
}
