package io.llmrouter.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.cache.CachePolicy;
import io.llmrouter.governance.Tab;
import io.llmrouter.resilience.RetryPolicy;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.scoring.PreferencesParser;
import io.llmrouter.scoring.Weights;
import io.llmrouter.steering.Subject;
import io.llmrouter.telemetry.RequestTrace;

/**
 * How one request is to be routed: the endpoint's settings merged with the caller's. Callers outside the engine make
 * the settings with {@link #builder()} and add each request's caller with {@link #forCaller}.
 *
 * @param model             one fixed model or alias; overrides what the body names
 * @param candidates        models the router may choose from when neither the endpoint nor the body fixes one
 * @param strategy          the ranking strategy's name, unless the caller's preferences name another
 * @param weights           the balanced strategy's weights, unless the caller's preferences give others
 * @param timeout           overall deadline of a plain request, and of a stream until its first token
 * @param firstTokenTimeout per attempt: a stream whose first token takes longer fails over
 * @param stallTimeout      a stream silent for longer than this between events fails
 * @param retry             retries, failover bounds, hedging and refusal models
 * @param tab               the caller's account with the gateway: its key, limits and budget reservation
 * @param preferences       what the caller asked of the routing
 * @param cancel            fires when the caller goes away
 * @param trace             hears the request's ranking and attempts (its span, its access-log line)
 * @param steering          sticky assignment, cache affinity and regions, with the caller's headers they read
 * @param cache             whether and how the answer is looked up in and kept by the response cache
 */
public record RouteOptions(String model, List<String> candidates, String strategy, Weights weights, Duration timeout,
                           Duration firstTokenTimeout, Duration stallTimeout, RetryPolicy retry, Tab tab,
                           Preferences preferences, CancelToken cancel, RequestTrace trace,
                           SteeringOptions steering, CachePolicy cache) {

    /** Options with the default steering, whose answers are not cached. */
    public RouteOptions(String model, List<String> candidates, String strategy, Weights weights, Duration timeout,
                        Duration firstTokenTimeout, Duration stallTimeout, RetryPolicy retry, Tab tab,
                        Preferences preferences, CancelToken cancel, RequestTrace trace) {
        this(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, retry, tab, preferences,
                cancel, trace, SteeringOptions.DEFAULT, CachePolicy.OFF);
    }

    /** Options whose request nobody traces. */
    public RouteOptions(String model, List<String> candidates, String strategy, Weights weights, Duration timeout,
                        Duration firstTokenTimeout, Duration stallTimeout, RetryPolicy retry, Tab tab,
                        Preferences preferences, CancelToken cancel) {
        this(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, retry, tab, preferences,
                cancel, RequestTrace.NONE);
    }

    public static final String DEFAULT_ACCOUNT = "default";
    /** The caller's switch for resuming its broken stream: {@code x-llmrouter-resume: false} turns it off. */
    static final String RESUME_HEADER = "x-llmrouter-resume";

    public static RouteOptions defaults() {
        return new RouteOptions(null, List.of(), "ordered", null, Duration.ofMinutes(10), Duration.ofSeconds(60),
                Duration.ofSeconds(60), RetryPolicy.DEFAULT, Tab.NONE, Preferences.NONE, new CancelToken());
    }

    /** Settings from plain values, validated by {@link Builder#build()}; unset ones keep {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    public RouteOptions withStrategy(String name) {
        return new RouteOptions(model, candidates, name, weights, timeout, firstTokenTimeout, stallTimeout, retry,
                tab, preferences, cancel, trace, steering, cache);
    }

    public RouteOptions withCancel(CancelToken token) {
        return new RouteOptions(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, retry,
                tab, preferences, token, trace, steering, cache);
    }

    public RouteOptions withPreferences(Preferences p) {
        return new RouteOptions(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, retry,
                tab, p, cancel, trace, steering, cache);
    }

    /** Candidates chosen by a catalog rule, and its strategy when it names one. */
    public RouteOptions withCandidates(List<String> names) {
        return new RouteOptions(model, names, strategy, weights, timeout, firstTokenTimeout, stallTimeout, retry,
                tab, preferences, cancel, trace, steering, cache);
    }

    public RouteOptions withRetry(RetryPolicy policy) {
        return new RouteOptions(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, policy,
                tab, preferences, cancel, trace, steering, cache);
    }

    /**
     * These options for one caller: the preferences of its {@code x-llmrouter-*} headers (any case; other headers
     * are ignored) and of the body's {@code router} object, and the token that fires when it goes away.
     *
     * @param headers the request's headers; values are read as text
     * @param router  the body's {@code router} object (a map or JSON tree), or null
     * @throws LlmException (invalid request) naming an unknown or ill-formed preference
     */
    public RouteOptions forCaller(Map<String, ?> headers, Object router, CancelToken token) {
        Map<String, String> keys = tab.preferenceHeaders();
        Map<String, String> prefs = keys.isEmpty() ? null : new HashMap<>(keys);
        String prefix = PreferencesParser.HEADER_PREFIX;
        boolean askedCache = false;
        for (Map.Entry<String, ?> h : headers.entrySet()) {
            if (h.getKey().regionMatches(true, 0, prefix, 0, prefix.length()) && h.getValue() != null) {
                askedCache |= h.getKey().equalsIgnoreCase(CachePolicy.MODE_HEADER);
                if (prefs == null) {
                    prefs = new HashMap<>();
                }
                // lower case: the caller's header overrides its key's setting of the same name
                prefs.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue().toString());
            }
        }
        RetryPolicy policy = retry;
        CachePolicy cachePolicy = cache;
        if (prefs != null) {
            cachePolicy = cache.withHeaders(prefs, askedCache);
            prefs.remove(CachePolicy.MODE_HEADER);
            prefs.remove(CachePolicy.TTL_HEADER);
            String resume = prefs.remove(RESUME_HEADER);
            if (resume != null) {
                policy = retry.withResumeStreams(parseResume(resume));
            }
            // the caller's region steers (see SteeringOptions); it is no preference of the ranking
            prefs.remove(SteeringOptions.REGION_HEADER);
            prefs = prefs.isEmpty() ? null : prefs;
        }
        // most requests state no preference: skip the parser and its allocations
        Preferences p = prefs == null && router == null ? Preferences.NONE
                : PreferencesParser.parse(prefs == null ? Map.of() : prefs,
                        router == null ? null : Json.MAPPER.valueToTree(router));
        return new RouteOptions(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, policy,
                tab, p, token, trace, steering.forCaller(headers), cachePolicy);
    }

    /** This request's observer (see {@link RequestTrace}); null for none. */
    public RouteOptions withTrace(RequestTrace t) {
        return new RouteOptions(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, retry,
                tab, preferences, cancel, t == null ? RequestTrace.NONE : t, steering, cache);
    }

    /** With the body's {@code cache} object applied (see {@link CachePolicy#withBody}). */
    public RouteOptions withCacheBody(Object body) {
        return body == null ? this : withCache(cache.withBody(body));
    }

    public RouteOptions withCache(CachePolicy c) {
        return new RouteOptions(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, retry,
                tab, preferences, cancel, trace, steering, c);
    }

    /** This request's tab (see {@link Tab}); one per request, made by {@link io.llmrouter.governance.Governance#open}. */
    public RouteOptions withTab(Tab t) {
        return new RouteOptions(model, candidates, strategy, weights, timeout, firstTokenTimeout, stallTimeout, retry,
                t, preferences, cancel, trace, steering, cache);
    }

    /** Whose spend this is in the router's state: the caller's key, else {@link #DEFAULT_ACCOUNT}. */
    public String account() {
        String key = tab.account();
        return key != null ? key : DEFAULT_ACCOUNT;
    }

    private static boolean parseResume(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw LlmException.invalid(RESUME_HEADER, "x-llmrouter-resume must be true or false, not '"
                    + value + "'.");
        };
    }

    /** The strategy to use: the caller's choice, else its key's default, else the endpoint's. */
    public String effectiveStrategy() {
        if (preferences.strategy() != null) {
            return preferences.strategy();
        }
        String keys = tab.defaultStrategy();
        return keys != null ? keys : strategy;
    }

    /** The caller's preferences with the endpoint's weights filled in where the caller gave none. */
    public Preferences effectivePreferences() {
        if (preferences.weights() != null || weights == null) {
            return preferences;
        }
        Preferences p = preferences;
        return new Preferences(p.strategy(), weights, p.maxPriceUsd(), p.latencyTargetMs(), p.minQuality(),
                p.allowProviders(), p.denyProviders(), p.regions(), p.prefer(), p.task(), p.qualityFloor(), p.explain());
    }

    /**
     * Route settings from plain values, as an endpoint's options give them: text and milliseconds. Nothing is
     * checked until {@link #build()}, which names the first bad setting and its value.
     */
    public static final class Builder {

        private static final RouteOptions DEFAULTS = defaults();
        private static final RetryPolicy RETRY = RetryPolicy.DEFAULT;

        private String model;
        private List<String> candidates = List.of();
        private String strategy = DEFAULTS.strategy();
        private String weights;
        private long timeoutMillis = DEFAULTS.timeout().toMillis();
        private long firstTokenTimeoutMillis = DEFAULTS.firstTokenTimeout().toMillis();
        private long stallTimeoutMillis = DEFAULTS.stallTimeout().toMillis();
        private int maxAttempts = RETRY.maxAttempts();
        private int retries = RETRY.retriesPerDeployment();
        private long backoffMillis = RETRY.backoffBase().toMillis();
        private long backoffMaxMillis = RETRY.backoffMax().toMillis();
        private long maxRetryAfterMillis = RETRY.maxRetryAfter().toMillis();
        private long hedgeAfterMillis;
        private List<String> refusalModels = List.of();
        private boolean resumeStreams = true;
        private List<String> stickyBy = SteeringOptions.DEFAULT.stickyBy();
        private int cacheAffinityMinChars;
        private String region;
        private CachePolicy cache = CachePolicy.OFF;

        private Builder() {
        }

        /** One fixed model or alias, or null to let the request or the candidates decide. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder candidates(List<String> candidates) {
            this.candidates = List.copyOf(candidates);
            return this;
        }

        public Builder strategy(String strategy) {
            this.strategy = strategy;
            return this;
        }

        /** The balanced strategy's weights as {@code cost=N,latency=N,quality=N}, or null for the default. */
        public Builder weights(String weights) {
            this.weights = weights;
            return this;
        }

        public Builder timeoutMillis(long millis) {
            this.timeoutMillis = millis;
            return this;
        }

        public Builder firstTokenTimeoutMillis(long millis) {
            this.firstTokenTimeoutMillis = millis;
            return this;
        }

        public Builder stallTimeoutMillis(long millis) {
            this.stallTimeoutMillis = millis;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Extra tries of the same deployment on a transient failure. */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        public Builder backoffMillis(long millis) {
            this.backoffMillis = millis;
            return this;
        }

        public Builder backoffMaxMillis(long millis) {
            this.backoffMaxMillis = millis;
            return this;
        }

        public Builder maxRetryAfterMillis(long millis) {
            this.maxRetryAfterMillis = millis;
            return this;
        }

        /** 0 (or less) turns hedging off. */
        public Builder hedgeAfterMillis(long millis) {
            this.hedgeAfterMillis = millis;
            return this;
        }

        /** Models tried when a model refuses the content. */
        public Builder refusalModels(List<String> models) {
            this.refusalModels = List.copyOf(models);
            return this;
        }

        /** Whether a stream broken after its first token resumes on another candidate (true unless set). */
        /** The endpoint's response caching, before keys and callers change it; off unless given. */
        public Builder cache(CachePolicy policy) {
            this.cache = policy;
            return this;
        }

        public Builder resumeStreams(boolean resume) {
            this.resumeStreams = resume;
            return this;
        }

        /** Where weighted splits find their subject: {@code key}, {@code user}, {@code header:<name>}, in order. */
        public Builder stickyBy(List<String> sources) {
            this.stickyBy = List.copyOf(sources);
            return this;
        }

        /** Prompts sharing a prefix of at least this many characters stick to one deployment; 0 turns it off. */
        public Builder cacheAffinityMinChars(int chars) {
            this.cacheAffinityMinChars = chars;
            return this;
        }

        /** The router's own region, or null. */
        public Builder region(String region) {
            this.region = region == null || region.isBlank() ? null : region.trim();
            return this;
        }

        /**
         * The settings, with no caller's preferences yet.
         *
         * @throws IllegalArgumentException naming the first setting that cannot work and its value
         */
        public RouteOptions build() {
            Duration timeout = positive("timeout", timeoutMillis);
            Duration firstToken = positive("firstTokenTimeout", firstTokenTimeoutMillis);
            Duration stall = positive("stallTimeout", stallTimeoutMillis);
            if (strategy == null || strategy.isBlank()) {
                throw new IllegalArgumentException("option strategy must not be empty");
            }
            Weights parsed = null;
            if (weights != null) {
                try {
                    parsed = Weights.parse(weights, "weights");
                } catch (LlmException e) {
                    throw new IllegalArgumentException("option weights: " + e.getMessage());
                }
            }
            RetryPolicy retry = new RetryPolicy(maxAttempts, retries, positive("backoff", backoffMillis),
                    positive("backoffMax", backoffMaxMillis), positive("maxRetryAfter", maxRetryAfterMillis),
                    hedgeAfterMillis > 0 ? Duration.ofMillis(hedgeAfterMillis) : null, refusalModels, resumeStreams);
            if (cacheAffinityMinChars < 0) {
                throw new IllegalArgumentException("option cacheAffinityMinChars must be 0 (off) or more, was "
                                                   + cacheAffinityMinChars);
            }
            SteeringOptions steering = new SteeringOptions(Subject.order(stickyBy), cacheAffinityMinChars, region,
                    Map.of());
            return new RouteOptions(model, candidates, strategy, parsed, timeout, firstToken, stall, retry,
                    Tab.NONE, Preferences.NONE, new CancelToken(), RequestTrace.NONE, steering, cache);
        }

        private static Duration positive(String name, long millis) {
            if (millis <= 0) {
                throw new IllegalArgumentException("option " + name + " must be a positive number of milliseconds, "
                                                   + "was " + millis);
            }
            return Duration.ofMillis(millis);
        }
    }
}
