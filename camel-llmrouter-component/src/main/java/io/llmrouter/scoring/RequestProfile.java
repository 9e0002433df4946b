package io.llmrouter.scoring;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ContentPart;
import io.llmrouter.api.Json;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.steering.Steering;

/**
 * What a request needs and asks for: capabilities, token estimates and the caller's {@link Preferences}. Prompt tokens
 * are counted lazily, once per tokenizer family, and only when a filter or strategy needs them.
 */
public final class RequestProfile {

    /** Output tokens assumed for pricing when the caller sets no max_tokens. */
    public static final int DEFAULT_EXPECTED_OUTPUT = 256;
    /** Output assumed for a budget's worst case when neither the caller nor the catalog bounds it. */
    public static final int WORST_CASE_OUTPUT = 4_096;
    /** Tokens an image part is counted as (OpenAI's cost of a low-detail image is 85; a detailed one up to ~1,100). */
    static final int IMAGE_TOKENS = 765;

    private final Set<Capability> needs;
    private final String text;
    private final int messages;
    private final int images;
    private final Integer requestedOutput;
    private final boolean streamed;
    private final Preferences preferences;
    private final String lastUserText;
    private final Map<TokenEstimator.Family, Integer> counted = new EnumMap<>(TokenEstimator.Family.class);
    private Steering steering = Steering.NONE;
    private volatile Map<String, Double> predictedQuality = Map.of();
    /** Whether the learned router was asked for this prompt already (its answer may have been none). */
    private volatile boolean predicted;

    private RequestProfile(Set<Capability> needs, String text, int messages, int images, Integer requestedOutput,
                           boolean streamed, Preferences preferences, String lastUserText) {
        this.needs = needs;
        this.text = text;
        this.messages = messages;
        this.images = images;
        this.requestedOutput = requestedOutput;
        this.streamed = streamed;
        this.preferences = preferences;
        this.lastUserText = lastUserText;
    }

    public static RequestProfile of(ChatRequest r, Preferences preferences) {
        Set<Capability> needs = EnumSet.of(Capability.CHAT);
        if (r.hasTools()) {
            needs.add(Capability.TOOLS);
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
        StringBuilder text = new StringBuilder();
        int images = 0;
        String lastUser = "";
        for (ChatMessage m : r.messages) {
            if ("user".equals(m.role) && m.content != null) {
                lastUser = m.content.asText();
            }
            if (m.content != null) {
                if (m.content.isText()) {
                    separate(text).append(m.content.asText());
                } else {
                    for (ContentPart p : m.content.parts()) {
                        if (p.text != null) {
                            separate(text).append(p.text);
                        } else if ("image_url".equals(p.type)) {
                            images++;
                        }
                    }
                }
            }
            if (m.toolCalls != null) {
                separate(text).append(Json.string(m.toolCalls));
            }
        }
        if (images > 0) {
            needs.add(Capability.VISION);
        }
        if (r.hasTools()) {
            separate(text).append(Json.string(r.tools));
        }
        return new RequestProfile(needs, text.toString(), r.messages.size(), images, r.requestedMaxOutput(),
                r.streaming(), preferences, lastUser == null ? "" : lastUser);
    }

    private static StringBuilder separate(StringBuilder text) {
        return text.isEmpty() ? text : text.append('\n');
    }

    public static RequestProfile embeddings(String input, Preferences preferences) {
        return new RequestProfile(EnumSet.of(Capability.EMBEDDINGS), input, 0, 0, 0, false, preferences, "");
    }

    public Set<Capability> needs() {
        return needs;
    }

    public boolean streamed() {
        return streamed;
    }

    public Preferences preferences() {
        return preferences;
    }

    /** The text of the last user message, for rules that match on it; empty when there is none. */
    public String lastUserText() {
        return lastUserText;
    }

    public boolean hasImages() {
        return images > 0;
    }

    /** Sticky subject, cache affinity and region order; set by the engine before ranking. */
    public Steering steering() {
        return steering;
    }

    public RequestProfile steer(Steering s) {
        this.steering = s;
        return this;
    }

    /** The prompt's text: every message's text parts, tool calls and tool definitions, one per line. */
    public String text() {
        return text;
    }

    /** The learned router's predicted quality per catalog model id, once {@link Strategy#prepare} has run. */
    public Map<String, Double> predictedQuality() {
        return predictedQuality;
    }

    void predictedQuality(Map<String, Double> byModel) {
        this.predictedQuality = Map.copyOf(byModel);
    }

    boolean predicted() {
        return predicted;
    }

    void predicted(boolean asked) {
        this.predicted = asked;
    }

    /**
     * Takes the prediction made for another profile of the same prompt (the one the rules were matched with), so the
     * learned strategy does not embed the prompt a second time.
     */
    public RequestProfile predictionOf(RequestProfile earlier) {
        this.predictedQuality = earlier.predictedQuality;
        this.predicted = earlier.predicted;
        return this;
    }

    /** Prompt tokens as the deployment's tokenizer counts them (exactly for OpenAI models, else estimated). */
    public int promptTokens(Deployment d) {
        TokenEstimator.Family family = TokenEstimator.familyOf(d);
        Integer n = counted.get(family);
        if (n == null) {
            n = TokenEstimator.count(family, text, messages) + images * IMAGE_TOKENS;
            counted.put(family, n);
        }
        return n;
    }

    /** A cheap upper bound on prompt tokens for any tokenizer: no BPE token is shorter than one character. */
    public int promptTokensUpperBound() {
        return text.length() + messages * TokenEstimator.PER_MESSAGE + TokenEstimator.PER_REQUEST + images * IMAGE_TOKENS;
    }

    /** The cheap estimate (four characters a token), for rate-limit accounting. */
    public int approximatePromptTokens() {
        return TokenEstimator.approximate(text) + messages * TokenEstimator.PER_MESSAGE + images * IMAGE_TOKENS;
    }

    /** Output tokens expected: what the caller allowed, else {@link #DEFAULT_EXPECTED_OUTPUT}, capped by the model. */
    public int expectedOutputTokens(Deployment d) {
        int out = requestedOutput != null ? requestedOutput : DEFAULT_EXPECTED_OUTPUT;
        int max = d.model().maxOutputTokens();
        return max > 0 ? Math.min(out, max) : out;
    }

    /**
     * The most this request can cost on the deployment, what a budget reserves before the call: its prompt at one
     * token a character (more than any tokenizer counts) and the output the caller allowed, else the model's output
     * cap, else what is left of its context window, else {@link #WORST_CASE_OUTPUT}; 0 for what the catalog does not
     * price. An upper bound, so concurrent callers can never take a budget beyond its limit.
     */
    public double worstCaseCost(Deployment d) {
        int prompt = promptTokensUpperBound();
        int max = d.model().maxOutputTokens();
        int window = d.model().contextWindow();
        int out = requestedOutput != null ? (max > 0 ? Math.min(requestedOutput, max) : requestedOutput)
                : max > 0 ? max : window > prompt ? window - prompt : WORST_CASE_OUTPUT;
        return d.cost(prompt, 0, out);
    }

    /** Tokens the context window must hold: prompt plus the requested output (or none when not requested). */
    public int contextNeeded(Deployment d) {
        return promptTokens(d) + (requestedOutput == null ? 0 : requestedOutput);
    }

    /** Expected USD for this request on the deployment, or NaN when the catalog has no price for it. */
    public double expectedCost(Deployment d) {
        if (d.model().inputPrice() == null || d.model().outputPrice() == null) {
            return Double.NaN;
        }
        return d.cost(promptTokens(d), 0, expectedOutputTokens(d));
    }
}
