package io.llmrouter.api;

/** Stream options; {@code include_usage} asks for a final chunk that carries the usage. */
public final class StreamOptions extends Extensible {

    public Boolean includeUsage;

    public static StreamOptions withUsage() {
        StreamOptions o = new StreamOptions();
        o.includeUsage = true;
        return o;
    }
}
