package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces exported over OTLP (http/protobuf) to an in-process receiver: a server span per request under the caller's
 * traceparent, a client span per upstream attempt, the routing decision as an event, and each attempt's context passed
 * upstream as traceparent.
 */
class TracesTest {

    /** The caller's trace context: version 00, a trace id, its own span id, sampled. */
    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN = "00f067aa0ba902b7";

    static FakeOpenAiUpstream upstream;
    static OtlpReceiver collector;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        collector = new OtlpReceiver();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %1$s, api_key_env: FAKE_KEY }
                  - { id: other, type: openai, base_url: %1$s, api_key_env: FAKE_KEY }
                models:
                  - { id: bad, provider: fake, upstream: up-bad, price: { input: 1.0, output: 2.0 } }
                  - { id: good, provider: fake, upstream: up-good, price: { input: 1.0, output: 2.0 } }
                  - { id: elsewhere, provider: other, upstream: up-elsewhere, price: { input: 1.0, output: 2.0 } }
                """.formatted(upstream.baseUrl()), Map.of(), "retries=0", GatewayOptions.DEFAULT_MAX_IN_FLIGHT,
                Map.of(Tracing.ENDPOINT, collector.endpoint(), "OTEL_BSP_SCHEDULE_DELAY", "50",
                        "OTEL_SERVICE_NAME", "llmrouter-under-test"));
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        collector.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        upstream.on("up-bad", Behavior.serverError());
        upstream.on("up-good", Behavior.text("one two three"));
        upstream.on("up-elsewhere", Behavior.text("one two three"));
    }

    /** The spans of a trace once {@code count} of them have arrived. */
    static List<OtlpReceiver.Received> awaitSpans(String traceId, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> collector.spans(traceId).size() >= count);
        return collector.spans(traceId);
    }

    static OtlpReceiver.Received serverSpan(List<OtlpReceiver.Received> spans) {
        return spans.stream().filter(s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst()
                .orElseThrow();
    }

    static List<OtlpReceiver.Received> clientSpans(List<OtlpReceiver.Received> spans) {
        return spans.stream().filter(s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                .sorted(java.util.Comparator.comparingLong(s -> s.span().getStartTimeUnixNano())).toList();
    }

    static String text(OtlpReceiver.Received s, String key) {
        AnyValue v = s.attribute(key);
        return v == null ? null : v.getStringValue();
    }

    static Long number(OtlpReceiver.Received s, String key) {
        AnyValue v = s.attribute(key);
        return v == null ? null : v.getIntValue();
    }

    @Test
    void aFailoverIsARequestSpanUnderTheCallersTraceWithOneChildSpanPerAttempt() throws Exception {
        HttpResponse<String> r = gw.chat(body(false, "bad", "good"),
                "traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        List<OtlpReceiver.Received> spans = awaitSpans(CALLER_TRACE, 3);
        assertThat(spans).hasSize(3);
        OtlpReceiver.Received request = serverSpan(spans);
        assertThat(request.parentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(request.span().getName()).isEqualTo("chat good");
        assertThat(text(request, "gen_ai.operation.name")).isEqualTo("chat");
        assertThat(text(request, "gen_ai.response.model")).isEqualTo("good");
        assertThat(text(request, "gen_ai.provider.name")).isEqualTo("fake");
        assertThat(text(request, "http.route")).isEqualTo("/v1/chat/completions");
        assertThat(number(request, "http.response.status_code")).isEqualTo(200L);
        assertThat(number(request, "llmrouter.attempts")).isEqualTo(2L);
        assertThat(number(request, "gen_ai.usage.input_tokens")).isPositive();
        assertThat(number(request, "gen_ai.usage.output_tokens")).isEqualTo(3L);
        assertThat(text(request, "llmrouter.request_id")).isEqualTo(r.headers().firstValue("x-request-id")
                .orElseThrow());
        assertThat(OtlpReceiver.Received.find(request.resource(), "service.name").getStringValue())
                .isEqualTo("llmrouter-under-test");

        List<OtlpReceiver.Received> attempts = clientSpans(spans);
        assertThat(attempts).extracting(OtlpReceiver.Received::parentSpanId)
                .containsOnly(request.spanId());
        OtlpReceiver.Received failed = attempts.get(0);
        OtlpReceiver.Received answered = attempts.get(1);
        assertThat(failed.span().getName()).isEqualTo("chat up-bad");
        assertThat(text(failed, "gen_ai.request.model")).isEqualTo("up-bad");
        assertThat(text(failed, "gen_ai.provider.name")).isEqualTo("fake");
        assertThat(text(failed, "error.type")).isEqualTo("SERVER_ERROR");
        assertThat(failed.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(answered.span().getName()).isEqualTo("chat up-good");
        assertThat(text(answered, "gen_ai.operation.name")).isEqualTo("chat");
        assertThat(text(answered, "gen_ai.request.model")).isEqualTo("up-good");
        assertThat(text(answered, "gen_ai.response.model")).isEqualTo("up-good");
        assertThat(number(answered, "gen_ai.usage.output_tokens")).isEqualTo(3L);
        assertThat(answered.attribute("error.type")).isNull();
        // the attempts lie within the request, one after the other
        for (OtlpReceiver.Received a : attempts) {
            assertThat(a.span().getStartTimeUnixNano()).isBetween(request.span().getStartTimeUnixNano(),
                    request.span().getEndTimeUnixNano());
            assertThat(a.span().getEndTimeUnixNano()).isBetween(a.span().getStartTimeUnixNano(),
                    request.span().getEndTimeUnixNano());
        }
        assertThat(answered.span().getStartTimeUnixNano()).isGreaterThanOrEqualTo(failed.span().getEndTimeUnixNano());

        // each upstream request carried its own attempt's context, in the caller's trace
        assertThat(upstream.requests("up-bad").get(0).headers().get("traceparent"))
                .isEqualTo("00-" + CALLER_TRACE + "-" + failed.spanId() + "-01");
        assertThat(upstream.requests("up-good").get(0).headers().get("traceparent"))
                .isEqualTo("00-" + CALLER_TRACE + "-" + answered.spanId() + "-01");
    }

    @Test
    void theDecisionIsAnEventWithTheCandidatesScoresAndTheExclusionsReasons() throws Exception {
        HttpResponse<String> r = gw.chat(body(false, "good", "elsewhere", "bad"),
                "traceparent", "00-" + "1".repeat(32) + "-" + CALLER_SPAN + "-01",
                "x-llmrouter-deny-providers", "other");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        OtlpReceiver.Received request = serverSpan(awaitSpans("1".repeat(32), 2));
        Span.Event decision = request.span().getEventsList().stream()
                .filter(e -> e.getName().equals(RequestSpan.DECISION_EVENT)).findFirst().orElseThrow();
        Map<String, AnyValue> a = new java.util.HashMap<>();
        decision.getAttributesList().forEach(kv -> a.put(kv.getKey(), kv.getValue()));
        assertThat(a.get("llmrouter.strategy").getStringValue()).isEqualTo("ordered");
        assertThat(a.get("llmrouter.candidates").getArrayValue().getValuesList())
                .extracting(AnyValue::getStringValue).containsExactly("good", "bad");
        assertThat(a.get("llmrouter.candidates.score").getArrayValue().getValuesCount()).isEqualTo(2);
        assertThat(a.get("llmrouter.excluded").getArrayValue().getValuesList())
                .extracting(AnyValue::getStringValue).containsExactly("elsewhere");
        assertThat(a.get("llmrouter.excluded.reason").getArrayValue().getValues(0).getStringValue())
                .isEqualTo("provider other is in deny_providers");
        assertThat(decision.getTimeUnixNano()).isBetween(request.span().getStartTimeUnixNano(),
                request.span().getEndTimeUnixNano());
    }

    @Test
    void aStreamsAttemptSpanLastsUntilTheStreamEndsAndHasItsUsage() throws Exception {
        HttpResponse<String> r = gw.chat(body(true, "good"), "traceparent",
                "00-" + "2".repeat(32) + "-" + CALLER_SPAN + "-01");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("[DONE]");

        List<OtlpReceiver.Received> spans = awaitSpans("2".repeat(32), 2);
        OtlpReceiver.Received request = serverSpan(spans);
        OtlpReceiver.Received attempt = clientSpans(spans).get(0);
        assertThat(attempt.parentSpanId()).isEqualTo(request.spanId());
        assertThat(request.attribute("gen_ai.request.stream").getBoolValue()).isTrue();
        assertThat(number(attempt, "gen_ai.usage.output_tokens")).isEqualTo(3L);
        assertThat(attempt.span().getEndTimeUnixNano()).isLessThanOrEqualTo(request.span().getEndTimeUnixNano());
    }

    @Test
    void aRequestWithoutTraceparentStartsATraceOfItsOwnThatGoesUpstream() throws Exception {
        HttpResponse<String> r = gw.chat(body(false, "good"));
        assertThat(r.statusCode()).isEqualTo(200);

        String traceparent = upstream.requests("up-good").get(0).headers().get("traceparent");
        // sampled (01), and with the SDK's own trace ids the random flag of Trace Context level 2 (02) too
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
        String traceId = traceparent.substring(3, 35);
        List<OtlpReceiver.Received> spans = awaitSpans(traceId, 2);
        OtlpReceiver.Received request = serverSpan(spans);
        assertThat(request.span().getParentSpanId().isEmpty()).isTrue();
        assertThat(clientSpans(spans).get(0).spanId()).isEqualTo(traceparent.substring(36, 52));
        assertThat(collector.contentTypes()).contains("application/x-protobuf");
    }

    @Test
    void aFailedRequestsSpanNamesItsErrorAndKeepsEveryAttempt() throws Exception {
        HttpResponse<String> r = gw.chat(body(false, "bad"), "traceparent",
                "00-" + "3".repeat(32) + "-" + CALLER_SPAN + "-01");
        assertThat(r.statusCode()).isEqualTo(502);

        List<OtlpReceiver.Received> spans = awaitSpans("3".repeat(32), 2);
        OtlpReceiver.Received request = serverSpan(spans);
        assertThat(request.span().getName()).isEqualTo("chat bad");
        assertThat(text(request, "error.type")).isEqualTo("ALL_ATTEMPTS_FAILED");
        assertThat(request.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(clientSpans(spans)).singleElement().satisfies(a ->
                assertThat(text(a, "error.type")).isEqualTo("SERVER_ERROR"));
    }

    @Test
    void withoutAnEndpointThereIsNoTracingAndNoTraceparentUpstream() throws Exception {
        try (GatewayFixture untraced = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: good, provider: fake, upstream: up-good }
                """.formatted(upstream.baseUrl()), Map.of(), null)) {
            assertThat(untraced.gateway().camelContext().getRegistry().findByType(Tracing.class)).isEmpty();
            HttpResponse<String> r = untraced.chat(body(false, "good"), "traceparent",
                    "00-" + "4".repeat(32) + "-" + CALLER_SPAN + "-01");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(upstream.requests("up-good").get(0).headers()).doesNotContainKey("traceparent");
        }
        assertThat(Optional.ofNullable(collector.spans("4".repeat(32)))).hasValue(List.of());
    }
}
