package io.llmrouter.app;

/**
 * The API a front-door path speaks, which decides how the {@link ResponseWriter} writes answers, streams and errors.
 * The {@link FrontDoor} sets it per path as the exchange property {@link #PROPERTY}, so routes can read it too.
 */
enum Dialect {
    /** OpenAI's Chat Completions, Embeddings and the router's own endpoints. */
    OPENAI,
    /** Anthropic's Messages API. */
    ANTHROPIC;

    static final String PROPERTY = "CamelLlmDialect";
}
