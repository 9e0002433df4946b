package io.llmrouter.catalog;

import java.util.Locale;

/** What a model can do; a request needs some of these and only models that have them may serve it. */
public enum Capability {
    CHAT, TOOLS, VISION, JSON_MODE, JSON_SCHEMA, STREAMING, EMBEDDINGS,
    /** Continues an assistant message given last (a prefill): what lets a broken stream resume on this model. */
    PREFILL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
