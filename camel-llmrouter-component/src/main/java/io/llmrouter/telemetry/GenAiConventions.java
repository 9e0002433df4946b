package io.llmrouter.telemetry;

import java.time.Duration;

/**
 * The OpenTelemetry GenAI semantic conventions this router publishes under: metric names, attribute keys and the
 * bucket boundaries the conventions advise. Micrometer's Prometheus registry writes them in Prometheus form
 * ({@code gen_ai.client.operation.duration} in seconds becomes {@code gen_ai_client_operation_duration_seconds},
 * {@code gen_ai.operation.name} the label {@code gen_ai_operation_name}).
 */
public final class GenAiConventions {

    /** Histogram of tokens per request, by {@link #TOKEN_TYPE}. */
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    /** Histogram of whole-request durations, in seconds. */
    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    /** Histogram of the time to a stream's first token, in seconds. */
    public static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";

    public static final String OPERATION_NAME = "gen_ai.operation.name";
    public static final String PROVIDER_NAME = "gen_ai.provider.name";
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    public static final String RESPONSE_MODEL = "gen_ai.response.model";
    public static final String TOKEN_TYPE = "gen_ai.token.type";
    public static final String ERROR_TYPE = "error.type";

    public static final String CHAT = "chat";
    public static final String EMBEDDINGS = "embeddings";
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    /** The conventions' advised boundaries for {@link #TOKEN_USAGE}: powers of four. */
    public static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
        4194304, 16777216, 67108864};
    /** The conventions' advised boundaries for {@link #OPERATION_DURATION}: doubling from 10 ms. */
    public static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
            5.12, 10.24, 20.48, 40.96, 81.92);
    /** The conventions' advised boundaries for {@link #TIME_TO_FIRST_TOKEN}. */
    public static final Duration[] FIRST_TOKEN_BUCKETS = seconds(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1,
            0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    private GenAiConventions() {
    }

    /** Boundaries given in seconds, as durations. */
    public static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return out;
    }
}
