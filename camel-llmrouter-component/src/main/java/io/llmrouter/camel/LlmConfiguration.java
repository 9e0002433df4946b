package io.llmrouter.camel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.llmrouter.api.LlmException;
import io.llmrouter.cache.CacheMode;
import io.llmrouter.cache.CachePolicy;
import io.llmrouter.cache.CacheScope;
import io.llmrouter.engine.RouteOptions;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** Options of an {@code llm:} endpoint; the component's copy is the default for every endpoint. */
@UriParams
public class LlmConfiguration implements Cloneable {

    @UriParam
    @Metadata(description = "One model (catalog id, alias or provider/NAME wildcard) this endpoint always uses, "
                            + "whatever the request body names")
    private String model;
    @UriParam
    @Metadata(description = "Comma-separated models the router may choose from when neither this endpoint nor the "
                            + "request names one (or the request names 'auto'); empty means every model in the catalog")
    private String candidates;
    @UriParam(defaultValue = "ordered", enums = "ordered,cost,latency,throughput,quality,balanced,weighted,round-robin,"
                                                 + "least-busy,usage")
    @Metadata(description = "How candidates are ranked (the ranking is also the failover order): ordered (as given), "
                            + "cost (cheapest expected cost), latency (power of two choices over peak-EWMA latency), "
                            + "throughput (most output tokens/s), quality (best catalog quality), balanced (weighted "
                            + "utility of cost, latency and quality), weighted (catalog weights, for canaries), "
                            + "round-robin, least-busy (fewest in flight), usage (most rpm/tpm headroom); or the name of "
                            + "a io.llmrouter.scoring.Strategy bean. Callers may override it with x-llmrouter-strategy")
    private String strategy = "ordered";
    @UriParam
    @Metadata(description = "Weights of the balanced strategy as cost=N,latency=N,quality=N (normalised; default "
                            + "cost=0.4,latency=0.3,quality=0.3). Callers may override them with x-llmrouter-weights")
    private String weights;
    @UriParam(defaultValue = "600000")
    @Metadata(description = "Overall deadline of a request in milliseconds, failover included; for a stream, until "
                            + "its first token")
    private long timeout = 600_000;
    @UriParam(defaultValue = "60000")
    @Metadata(description = "Milliseconds a streamed attempt may wait for its first token before the next candidate "
                            + "is tried")
    private long firstTokenTimeout = 60_000;
    @UriParam(defaultValue = "60000")
    @Metadata(description = "Milliseconds a stream may stay silent between events before it is considered stalled")
    private long stallTimeout = 60_000;
    @UriParam(label = "resilience", defaultValue = "5")
    @Metadata(description = "Attempts per request in all, retries and failovers included")
    private int maxAttempts = 5;
    @UriParam(label = "resilience", defaultValue = "1")
    @Metadata(description = "Extra tries of the same deployment on a transient failure (5xx, overloaded, 429, reset, "
                            + "broken stream) before failing over to the next candidate")
    private int retries = 1;
    @UriParam(label = "resilience", defaultValue = "200")
    @Metadata(description = "First retry backoff in milliseconds; doubles per retry, with full jitter")
    private long backoff = 200;
    @UriParam(label = "resilience", defaultValue = "5000")
    @Metadata(description = "Largest retry backoff in milliseconds")
    private long backoffMax = 5_000;
    @UriParam(label = "resilience", defaultValue = "5000")
    @Metadata(description = "A 429's Retry-After is honoured up to this many milliseconds; beyond it the router moves "
                            + "on to the next candidate at once")
    private long maxRetryAfter = 5_000;
    @UriParam(label = "resilience", defaultValue = "0")
    @Metadata(description = "Hedging: when an attempt has no answer (first token, for streams) after this many "
                            + "milliseconds, start the next candidate alongside and keep whichever answers first. 0 "
                            + "turns hedging off")
    private long hedgeAfter;
    @UriParam(label = "resilience", defaultValue = "true")
    @Metadata(description = "A stream that breaks after its first token (cut, stalled, malformed) resumes on the next "
                            + "candidate whose catalog entry has the prefill capability, which continues the partial "
                            + "answer; false ends it with its error. A caller can turn it off with "
                            + "x-llmrouter-resume: false")
    private boolean resumeStreams = true;
    @UriParam(label = "resilience")
    @Metadata(description = "Comma-separated models to try when a model refuses the content (content policy); "
                            + "without them the refusal is passed on")
    private String contentPolicyFallbacks;
    @UriParam(defaultValue = "chunks", enums = "chunks,sse")
    @Metadata(description = "How a streamed answer is handed to the route: chunks (a io.llmrouter.api.ChatStream to "
                            + "subscribe to) or sse (the Server-Sent Events bytes of the endpoint's API, OpenAI's for "
                            + "chat and Anthropic's for messages, as an InputStream with Content-Type "
                            + "text/event-stream that platform-http can send; read it off the event loop). The "
                            + "CamelLlmStreamFormat header overrides it per message")
    private String streamFormat = "chunks";
    @UriParam(label = "steering", defaultValue = "user,header:x-session-id,key")
    @Metadata(description = "Where the weighted strategy finds the subject it assigns to an arm, first found wins: "
                            + "user (the body's user), header:<name> (e.g. header:x-session-id) and key (the virtual "
                            + "key). A subject always lands on the same arm; a request without one is split by smooth "
                            + "weighted round-robin")
    private String stickyBy = "user,header:x-session-id,key";
    @UriParam(label = "steering", defaultValue = "0")
    @Metadata(description = "Prompt-cache affinity: requests whose prefix (tools and every message but the last) is at "
                            + "least this many characters go to the same deployment of their model while it is "
                            + "healthy, so its provider's prompt cache is warm; 0 turns it off. 4096 (about 1,024 "
                            + "tokens, the shortest prefix OpenAI caches) is a good start")
    private int cacheAffinityMinChars;
    @UriParam(label = "steering")
    @Metadata(description = "The router's own region, for geo steering: candidates in the nearest region (by the "
                            + "catalog's regions section) go first. A caller's x-llmrouter-region header outranks it")
    private String region;
    @UriParam(label = "cache", defaultValue = "off", enums = "off,exact,semantic")
    @Metadata(description = "Response cache: exact (the same normalised request gets the kept answer), semantic (also "
                            + "a prompt similar to a kept one, with the same model, instructions and history) or off. "
                            + "A key's preference cache-mode, the x-llmrouter-cache-mode header and the body's "
                            + "cache.mode override it. Requests with temperature above 0 (or none) are cached only "
                            + "when they ask for it themselves")
    private String cacheMode = "off";
    @UriParam(label = "cache", defaultValue = "3600")
    @Metadata(description = "Seconds a kept answer is served; x-llmrouter-cache-ttl and the body's cache.ttl override "
                            + "it")
    private long cacheTtl = 3600;
    @UriParam(label = "cache", defaultValue = "key", enums = "key,team,global")
    @Metadata(description = "Whose kept answers a caller is served: its own key's, its team's, or anyone's")
    private String cacheScope = "key";
    @UriParam(label = "cache", defaultValue = "0.95")
    @Metadata(description = "Semantic cache: the least cosine similarity between two prompts' embeddings at which "
                            + "one's kept answer serves the other")
    private double cacheSimilarity = CachePolicy.DEFAULT_SIMILARITY;

    private transient RouteOptions routeOptions;

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getCandidates() {
        return candidates;
    }

    public void setCandidates(String candidates) {
        this.candidates = candidates;
    }

    public String getStrategy() {
        return strategy;
    }

    public void setStrategy(String strategy) {
        this.strategy = strategy;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public int getRetries() {
        return retries;
    }

    public void setRetries(int retries) {
        this.retries = retries;
    }

    public long getBackoff() {
        return backoff;
    }

    public void setBackoff(long backoff) {
        this.backoff = backoff;
    }

    public long getBackoffMax() {
        return backoffMax;
    }

    public void setBackoffMax(long backoffMax) {
        this.backoffMax = backoffMax;
    }

    public long getMaxRetryAfter() {
        return maxRetryAfter;
    }

    public void setMaxRetryAfter(long maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    public long getHedgeAfter() {
        return hedgeAfter;
    }

    public boolean isResumeStreams() {
        return resumeStreams;
    }

    public void setResumeStreams(boolean resumeStreams) {
        this.resumeStreams = resumeStreams;
    }

    public void setHedgeAfter(long hedgeAfter) {
        this.hedgeAfter = hedgeAfter;
    }

    public String getContentPolicyFallbacks() {
        return contentPolicyFallbacks;
    }

    public void setContentPolicyFallbacks(String contentPolicyFallbacks) {
        this.contentPolicyFallbacks = contentPolicyFallbacks;
    }

    public String getStickyBy() {
        return stickyBy;
    }

    public void setStickyBy(String stickyBy) {
        this.stickyBy = stickyBy;
    }

    public int getCacheAffinityMinChars() {
        return cacheAffinityMinChars;
    }

    public void setCacheAffinityMinChars(int cacheAffinityMinChars) {
        this.cacheAffinityMinChars = cacheAffinityMinChars;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getStreamFormat() {
        return streamFormat;
    }

    public void setStreamFormat(String streamFormat) {
        this.streamFormat = streamFormat;
    }

    public String getWeights() {
        return weights;
    }

    public void setWeights(String weights) {
        this.weights = weights;
    }

    public long getTimeout() {
        return timeout;
    }

    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    public long getFirstTokenTimeout() {
        return firstTokenTimeout;
    }

    public void setFirstTokenTimeout(long firstTokenTimeout) {
        this.firstTokenTimeout = firstTokenTimeout;
    }

    public long getStallTimeout() {
        return stallTimeout;
    }

    public void setStallTimeout(long stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    public List<String> candidateList() {
        return list(candidates);
    }

    private static List<String> list(String commaSeparated) {
        List<String> out = new ArrayList<>();
        if (commaSeparated != null) {
            for (String c : commaSeparated.split(",")) {
                if (!c.isBlank()) {
                    out.add(c.trim());
                }
            }
        }
        return out;
    }

    /** Fails fast on values that cannot work, saying what to do. */
    public void validate() {
        try {
            routeOptions = RouteOptions.builder().model(model).candidates(candidateList()).strategy(strategy)
                    .weights(weights).timeoutMillis(timeout).firstTokenTimeoutMillis(firstTokenTimeout)
                    .stallTimeoutMillis(stallTimeout).maxAttempts(maxAttempts).retries(retries).backoffMillis(backoff)
                    .backoffMaxMillis(backoffMax).maxRetryAfterMillis(maxRetryAfter).hedgeAfterMillis(hedgeAfter)
                    .refusalModels(list(contentPolicyFallbacks)).resumeStreams(resumeStreams)
                    .stickyBy(list(stickyBy)).cacheAffinityMinChars(cacheAffinityMinChars).region(region)
                    .cache(cachePolicy()).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("llm: " + e.getMessage());
        }
        StreamFormat.parse(streamFormat, "option streamFormat");
    }

    private CachePolicy cachePolicy() {
        CacheMode mode;
        try {
            mode = CacheMode.parse(cacheMode, "cacheMode");
        } catch (LlmException e) {
            throw new IllegalArgumentException("option " + e.getMessage());
        }
        if (cacheTtl <= 0) {
            throw new IllegalArgumentException("option cacheTtl must be a positive number of seconds, was " + cacheTtl);
        }
        return new CachePolicy(mode, Duration.ofSeconds(cacheTtl), CacheScope.parse(cacheScope), cacheSimilarity,
                false);
    }

    public String getCacheMode() {
        return cacheMode;
    }

    public void setCacheMode(String cacheMode) {
        this.cacheMode = cacheMode;
    }

    public long getCacheTtl() {
        return cacheTtl;
    }

    public void setCacheTtl(long cacheTtl) {
        this.cacheTtl = cacheTtl;
    }

    public String getCacheScope() {
        return cacheScope;
    }

    public void setCacheScope(String cacheScope) {
        this.cacheScope = cacheScope;
    }

    public double getCacheSimilarity() {
        return cacheSimilarity;
    }

    public void setCacheSimilarity(double cacheSimilarity) {
        this.cacheSimilarity = cacheSimilarity;
    }

    /** These options as the engine takes them, before any caller's preferences; call {@link #validate()} first. */
    public RouteOptions routeOptions() {
        return routeOptions;
    }

    public LlmConfiguration copy() {
        try {
            return (LlmConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
