package io.llmrouter.app;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.vertx.core.http.HttpServerRequest;

/**
 * OpenTelemetry traces of the front door's requests: a server span per {@code /v1/*} request (child of the caller's
 * W3C {@code traceparent} when it sends one), a client span per upstream attempt under it, whose context goes upstream
 * as {@code traceparent}, and the routing decision as an event ({@link RequestSpan}). Exported over OTLP
 * (http/protobuf) and configured by the standard {@code OTEL_*} variables. The gateway builds it only when
 * {@link #ENDPOINT} (or {@link #TRACES_ENDPOINT}) is set: otherwise there is no SDK, no exporter thread and no span.
 */
final class Tracing implements AutoCloseable {

    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    private static final String INSTRUMENTATION = "io.llmrouter.gateway";

    /**
     * The variables also read through the gateway's own environment (which tests give as a function); the SDK reads
     * the process's environment for these and every other {@code OTEL_*} variable, which win.
     */
    static final List<String> VARIABLES = List.of(ENDPOINT, TRACES_ENDPOINT, "OTEL_EXPORTER_OTLP_HEADERS",
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_COMPRESSION",
            "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_SERVICE_NAME",
            "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG", "OTEL_BSP_SCHEDULE_DELAY",
            "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "OTEL_BSP_EXPORT_TIMEOUT");

    private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServerRequest request) {
            return request.headers().names();
        }

        @Override
        public String get(HttpServerRequest request, String key) {
            return request == null ? null : request.getHeader(key);
        }
    };

    final Tracer tracer;
    final TextMapPropagator propagator;
    private final AutoCloseable sdk;

    /** @param sdk closed with this (flushing the spans not yet exported), or null */
    Tracing(OpenTelemetry otel, AutoCloseable sdk) {
        this.tracer = otel.getTracer(INSTRUMENTATION);
        this.propagator = otel.getPropagators().getTextMapPropagator();
        this.sdk = sdk;
    }

    /**
     * Tracing as the environment asks, or null (off) when it names no OTLP endpoint or sets {@code OTEL_SDK_DISABLED}.
     *
     * @throws IllegalArgumentException for the grpc protocol (its sender is not in the jar), or a configuration the
     *                                  SDK refuses
     */
    static Tracing fromEnvironment(Function<String, String> env) {
        if (blank(env.apply(ENDPOINT)) && blank(env.apply(TRACES_ENDPOINT))
                || "true".equalsIgnoreCase(env.apply("OTEL_SDK_DISABLED"))) {
            return null;
        }
        for (String protocol : List.of("OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")) {
            String value = env.apply(protocol);
            if (!blank(value) && !value.trim().equals("http/protobuf")) {
                throw new IllegalArgumentException(protocol + "=" + value + ": only http/protobuf is in the jar; unset "
                        + "it, or set http/protobuf and the collector's OTLP/HTTP port (4318)");
            }
        }
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", "llmrouter");
        // the SDK's own default is grpc, whose sender is not in the jar
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        for (String name : VARIABLES) {
            String value = env.apply(name);
            if (!blank(value)) {
                defaults.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        }
        try {
            OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> defaults)
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
            return new Tracing(sdk, sdk);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalArgumentException("cannot set up tracing from the OTEL_* variables: " + e.getMessage()
                    + (root != e ? " (" + root.getMessage() + ")" : ""), e);
        }
    }

    /** A new server span for a request the front door took, under the caller's trace context when it sent one. */
    RequestSpan start(HttpServerRequest request) {
        Context parent = propagator.extract(Context.root(), request, HEADERS);
        String path = request.path();
        String operation = RequestSpan.operation(path);
        Span span = tracer.spanBuilder(operation)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(RequestSpan.HTTP_METHOD, request.method().name())
                .setAttribute(RequestSpan.URL_PATH, path)
                .setAttribute(RequestSpan.HTTP_ROUTE, path)
                .setAttribute(RequestSpan.OPERATION, operation)
                .startSpan();
        return new RequestSpan(this, span, parent.with(span), operation);
    }

    @Override
    public void close() throws Exception {
        if (sdk != null) {
            sdk.close();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
