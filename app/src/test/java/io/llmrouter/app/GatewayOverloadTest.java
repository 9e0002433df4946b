package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own trouble is never a provider's: callers that leave mid-request do not open a breaker (they did,
 * which turned load into 503s for the whole open period), and a gateway at its in-flight limit sheds load with a fast
 * 429 without touching any deployment's health. Breakers here open after 2 failures of 4, so one miscounted failure
 * shows.
 */
class GatewayOverloadTest {

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: slow, provider: fake, upstream: up-slow }
                  - { id: held, provider: fake, upstream: up-held }
                """.formatted(upstream.baseUrl()), Map.of(
                "camel.component.llm.circuit-window", "4",
                "camel.component.llm.circuit-minimum-calls", "4",
                "camel.component.llm.circuit-failure-rate", "50",
                "camel.component.llm.circuit-open-millis", "60000"), null, 3);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    @Test
    void callersThatDisconnectMidRequestNeitherOpenTheBreakerNorLeaveAnythingInFlight() throws Exception {
        upstream.on("up-slow", Behavior.delayed(30_000, Behavior.text("late")));
        for (int round = 0; round < 4; round++) {
            List<Socket> callers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                callers.add(gw.sendAndKeepOpen(body(false, "slow")));
            }
            int expected = (round + 1) * 3;
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.attempts("up-slow") == expected);
            for (Socket s : callers) {
                s.close();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.frontDoorInFlight() == 0
                    && gw.engine().state().stats("slow").inFlight() == 0);
        }
        assertThat(gw.engine().breakers().status("slow")).isEqualTo(CircuitStatus.CLOSED);
        assertThat(gw.engine().state().stats("slow").failures()).isZero();
        assertThat(gw.engine().state().stats("slow").unavailableReason(System.nanoTime())).isNull();
        upstream.on("up-slow", Behavior.text("on time"));
        HttpResponse<String> r = gw.chat(body(false, "slow"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("on time");
    }

    @Test
    void aGatewayAtItsInFlightLimitAnswersAFast429WithRetryAfterAndLeavesTheProviderAlone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.on("up-held", Behavior.heldAfterFirstChunk("held answer", release));
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(gw.http().sendAsync(gw.request(body(true, "held")), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.attempts("up-held") == 3);
        try {
            HttpResponse<String> refused = gw.chat(body(false, "held"));
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
            JsonNode error = Json.MAPPER.readTree(refused.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
            assertThat(error.path("code").asText()).isEqualTo("gateway_overloaded");
            assertThat(error.path("message").asText()).contains("limit of 3 requests in flight");
            // refused on its headers: the 5 MB body it announces is never waited for
            assertThat(gw.statusBeforeTheBody("application/json")).isEqualTo("HTTP/1.1 429 Too Many Requests");
            assertThat(upstream.attempts("up-held")).isEqualTo(3);
        } finally {
            release.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> f : held) {
            assertThat(f.get().statusCode()).isEqualTo(200);
            assertThat(f.get().body()).contains("[DONE]");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.frontDoorInFlight() == 0);
        assertThat(gw.engine().state().stats("held").failures()).isZero();
        assertThat(gw.engine().state().stats("held").inFlight()).isZero();
        assertThat(gw.engine().breakers().status("held")).isEqualTo(CircuitStatus.CLOSED);
        upstream.on("up-held", Behavior.text("room again"));
        assertThat(gw.chat(body(false, "held")).statusCode()).isEqualTo(200);
    }
}
