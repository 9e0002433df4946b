package io.llmrouter.api;

/** Token usage as OpenAI reports it. */
public final class Usage extends Extensible {

    public int promptTokens;
    public int completionTokens;
    public int totalTokens;
    public TokenDetails promptTokensDetails;

    public static Usage of(int prompt, int completion) {
        Usage u = new Usage();
        u.promptTokens = prompt;
        u.completionTokens = completion;
        u.totalTokens = prompt + completion;
        return u;
    }

    public int cachedTokens() {
        return promptTokensDetails == null || promptTokensDetails.cachedTokens == null ? 0
                : promptTokensDetails.cachedTokens;
    }

    public static final class TokenDetails extends Extensible {
        public Integer cachedTokens;
    }
}
