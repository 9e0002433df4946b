package io.llmrouter.api;

/**
 * The most items a caller may send in each list of a request, whatever its dialect. They bound the work one request can
 * make the router do on its event loop; each is at or above what the providers themselves accept, so a request that a
 * provider would serve is never refused here.
 */
public final class RequestLimits {

    /** {@code models} and {@code fallbacks}, each: a failover chain longer than this is a mistake, not a plan. */
    public static final int MODELS = 64;
    /** Anthropic's documented limit per request; OpenAI documents none, and a conversation this long exceeds any context. */
    public static final int MESSAGES = 100_000;
    /** OpenAI's documented limit; the canonical request may be routed to any provider, so the strictest one holds. */
    public static final int TOOLS = 128;
    /** OpenAI's documented limit ("up to 4 sequences"), for {@code stop} and Anthropic's {@code stop_sequences}. */
    public static final int STOP = 4;
    /** Content parts of one message, or Anthropic system blocks: OpenAI takes up to 500 images, each with its text. */
    public static final int CONTENT_PARTS = 1_000;
    /** Items of an embeddings {@code input} array: OpenAI's documented limit. */
    public static final int EMBEDDING_INPUTS = 2_048;
    /** An embedding's {@code dimensions}: above the largest models offered today (3072 to 4096). */
    public static final int EMBEDDING_DIMENSIONS = 8_192;

    private RequestLimits() {
    }

    /** A 400 naming the field when {@code size} is over {@code max}. */
    public static void check(String param, int size, int max) {
        if (size > max) {
            throw LlmException.invalid(param, "Invalid '" + param + "': array too long. Expected an array with maximum "
                    + "length " + max + ", but got an array with length " + size + " instead.");
        }
    }
}
