package io.llmrouter.app;

import static io.llmrouter.telemetry.GenAiConventions.CHAT;
import static io.llmrouter.telemetry.GenAiConventions.EMBEDDINGS;
import static io.llmrouter.telemetry.GenAiConventions.ERROR_TYPE;
import static io.llmrouter.telemetry.GenAiConventions.OPERATION_NAME;
import static io.llmrouter.telemetry.GenAiConventions.PROVIDER_NAME;
import static io.llmrouter.telemetry.GenAiConventions.REQUEST_MODEL;
import static io.llmrouter.telemetry.GenAiConventions.RESPONSE_MODEL;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.telemetry.GenAiConventions;
import io.llmrouter.telemetry.ModelLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The metrics of each {@code /v1/*} request, from its {@link RequestSummary} once its response has ended: the GenAI
 * conventions' duration, token usage and time to first token by operation, provider and model, and the router's own
 * requests by status and code, overhead, cost by model, provider, key and team, and in-flight refusals. Label values
 * are bounded ({@link ModelLabels}: models outside the catalog are "other"); each combination's meters are made once
 * and kept, so a request costs a few map lookups and increments.
 */
final class RequestMetrics implements RequestObserver {

    static final String REQUESTS = "llmrouter.requests";
    static final String OVERHEAD = "llmrouter.overhead";
    static final String COST = "llmrouter.cost";
    static final String QUEUE_REJECTIONS = "llmrouter.queue.rejections";
    static final String KEY = "key";
    static final String TEAM = "team";
    /** The error code of a request refused because the front door held its limit of requests in flight. */
    static final String OVERLOADED = "gateway_overloaded";
    /** The kinds of a provider's refusal of the request itself, whose codes are the provider's own. */
    private static final Set<String> PASSED_ON = Set.of(ErrorKind.UPSTREAM_BAD_REQUEST.name(),
            ErrorKind.CONTENT_POLICY.name(), ErrorKind.CONTEXT_LENGTH_EXCEEDED.name());
    /** The router's own time per request is sub-millisecond when all is well. */
    private static final Duration[] OVERHEAD_BUCKETS = GenAiConventions.seconds(0.00005, 0.0001, 0.00025, 0.0005,
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25);

    /** What one model call's meters are told apart by. */
    private record Series(String operation, String provider, String requestModel, String responseModel,
                          String errorType) {
    }

    private record ModelMeters(Timer duration, DistributionSummary input, DistributionSummary output,
                               Timer firstToken) {
    }

    private record Outcome(String operation, int status, String code) {
    }

    private record Spender(String model, String provider, String key, String team) {
    }

    private final MeterRegistry registry;
    private final ModelLabels labels;
    private final ConcurrentMap<Series, ModelMeters> calls = new ConcurrentHashMap<>();
    private final ConcurrentMap<Outcome, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<Spender, Counter> costs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> overhead = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> rejections = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry, ModelLabels labels) {
        this.registry = registry;
        this.labels = labels;
    }

    @Override
    public void requestEnded(RequestSummary r) {
        String op = operation(r.path());
        requests.computeIfAbsent(new Outcome(op, r.status(), code(r)), this::requestCounter).increment();
        if (OVERLOADED.equals(r.errorCode())) {
            rejections.computeIfAbsent(op, o -> Counter.builder(QUEUE_REJECTIONS)
                    .description("Requests refused with 429 because the gateway held its limit of requests in flight")
                    .tag(OPERATION_NAME, o).register(registry)).increment();
        }
        if (r.overheadNanos() >= 0) {
            overhead.computeIfAbsent(op, o -> Timer.builder(OVERHEAD)
                    .description("The router's own time per request: the whole request less the upstreams' time")
                    .serviceLevelObjectives(OVERHEAD_BUCKETS).tag(OPERATION_NAME, o).register(registry))
                    .record(r.overheadNanos(), TimeUnit.NANOSECONDS);
        }
        if (!op.equals(CHAT) && !op.equals(EMBEDDINGS) || r.status() >= 400 && r.errorKind() == null) {
            // no model call (a dry run, a token count, the model list), or refused before the router had the
            // request (no key, a full gateway, a body that never came): counted above by status and code only
            return;
        }
        String provider = labels.provider(r.provider());
        String model = labels.model(r.model());
        Series series = new Series(op, provider, labels.requested(r.requestedModel()), model, errorType(r));
        ModelMeters m = calls.computeIfAbsent(series, this::modelMeters);
        m.duration().record(r.durationNanos(), TimeUnit.NANOSECONDS);
        if (r.promptTokens() >= 0) {
            m.input().record(r.promptTokens());
        }
        if (r.completionTokens() >= 0 && op.equals(CHAT)) {
            m.output().record(r.completionTokens());
        }
        if (r.stream() && r.ttftNanos() >= 0 && r.status() == 200) {
            m.firstToken().record(r.ttftNanos(), TimeUnit.NANOSECONDS);
        }
        if (!Double.isNaN(r.costUsd())) {
            costs.computeIfAbsent(new Spender(model, provider, nonNull(r.keyId()), nonNull(r.team())),
                    this::costCounter).increment(r.costUsd());
        }
    }

    /** The GenAI operation of a front-door path; the paths that call no model keep names of their own. */
    static String operation(String path) {
        return switch (path) {
            case "/v1/chat/completions", "/v1/messages" -> CHAT;
            case "/v1/embeddings" -> EMBEDDINGS;
            case "/v1/route" -> "route";
            case "/v1/messages/count_tokens" -> "count_tokens";
            case "/v1/models" -> "models";
            default -> path.startsWith("/v1/models/") ? "models" : "other";
        };
    }

    /** The error's kind (an {@link io.llmrouter.api.ErrorKind} name); empty for an answer. */
    private static String errorType(RequestSummary r) {
        return r.errorKind() != null ? r.errorKind() : "";
    }

    /**
     * The error code, bounded: the router's own codes are a fixed set, but a provider's code for a request it refused
     * is passed on to the caller as it came, so those are labelled by their kind.
     */
    private static String code(RequestSummary r) {
        if (r.errorCode() == null) {
            return "";
        }
        return r.errorKind() != null && PASSED_ON.contains(r.errorKind())
                ? r.errorKind().toLowerCase(Locale.ROOT) : r.errorCode();
    }

    private Counter requestCounter(Outcome o) {
        return Counter.builder(REQUESTS).description("Requests answered, by operation, HTTP status and error code")
                .tag(OPERATION_NAME, o.operation()).tag("status", Integer.toString(o.status())).tag("code", o.code())
                .register(registry);
    }

    private ModelMeters modelMeters(Series s) {
        Timer duration = Timer.builder(GenAiConventions.OPERATION_DURATION)
                .description("GenAI operation duration").serviceLevelObjectives(GenAiConventions.DURATION_BUCKETS)
                .tag(OPERATION_NAME, s.operation()).tag(PROVIDER_NAME, s.provider())
                .tag(REQUEST_MODEL, s.requestModel()).tag(RESPONSE_MODEL, s.responseModel())
                .tag(ERROR_TYPE, s.errorType()).register(registry);
        return new ModelMeters(duration, tokens(s, GenAiConventions.INPUT), tokens(s, GenAiConventions.OUTPUT),
                Timer.builder(GenAiConventions.TIME_TO_FIRST_TOKEN).description("Time to a stream's first token")
                        .serviceLevelObjectives(GenAiConventions.FIRST_TOKEN_BUCKETS)
                        .tag(OPERATION_NAME, s.operation()).tag(PROVIDER_NAME, s.provider())
                        .tag(REQUEST_MODEL, s.requestModel()).tag(RESPONSE_MODEL, s.responseModel())
                        .register(registry));
    }

    /** The conventions give token usage no error.type: series that differ by it alone share these meters. */
    private DistributionSummary tokens(Series s, String type) {
        return DistributionSummary.builder(GenAiConventions.TOKEN_USAGE).description("Tokens used per request")
                .serviceLevelObjectives(GenAiConventions.TOKEN_BUCKETS)
                .tag(OPERATION_NAME, s.operation()).tag(PROVIDER_NAME, s.provider())
                .tag(REQUEST_MODEL, s.requestModel()).tag(RESPONSE_MODEL, s.responseModel())
                .tag(GenAiConventions.TOKEN_TYPE, type).register(registry);
    }

    private Counter costCounter(Spender s) {
        return Counter.builder(COST).baseUnit("usd").description("What callers were billed, in USD")
                .tag(RESPONSE_MODEL, s.model()).tag(PROVIDER_NAME, s.provider()).tag(KEY, s.key())
                .tag(TEAM, s.team()).register(registry);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
