package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Tracing is built only when an OTLP endpoint is named, and a configuration the jar cannot serve stops the start. */
class TracingSettingsTest {

    @Test
    void withoutAnEndpointOrWithTheSdkDisabledThereIsNoTracing() {
        assertThat(Tracing.fromEnvironment(Map.<String, String>of()::get)).isNull();
        assertThat(Tracing.fromEnvironment(Map.of(Tracing.ENDPOINT, " ")::get)).isNull();
        assertThat(Tracing.fromEnvironment(Map.of(Tracing.ENDPOINT, "http://127.0.0.1:4318",
                "OTEL_SDK_DISABLED", "true")::get)).isNull();
    }

    @Test
    void aTracesEndpointAloneTurnsTracingOn() throws Exception {
        try (Tracing t = Tracing.fromEnvironment(Map.of(Tracing.TRACES_ENDPOINT,
                "http://127.0.0.1:4318/v1/traces")::get)) {
            assertThat(t).isNotNull();
        }
    }

    @Test
    void theGrpcProtocolOrABadSettingIsRefusedWithAMessage() {
        assertThatThrownBy(() -> Tracing.fromEnvironment(Map.of(Tracing.ENDPOINT, "http://127.0.0.1:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL=grpc").hasMessageContaining("http/protobuf");
        assertThatThrownBy(() -> Tracing.fromEnvironment(Map.of(Tracing.ENDPOINT, "http://127.0.0.1:4318",
                "OTEL_TRACES_SAMPLER", "sometimes")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sometimes");
    }
}
