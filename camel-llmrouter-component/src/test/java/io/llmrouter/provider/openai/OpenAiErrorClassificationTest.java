package io.llmrouter.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RetryableLlmException;
import io.llmrouter.catalog.Provider;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.api.Test;

/** Each upstream failure gets the error kind that decides failover or pass-on; no message shows the key. */
class OpenAiErrorClassificationTest extends OpenAiAdapterTestSupport {

    private static LlmException chatFailure(String name, Behavior behavior) throws Exception {
        upstream.on("up-" + name, behavior);
        return failure(adapter.chat(model(name), request(HELLO), options()));
    }

    @Test
    void classifiesA429AsRateLimitedWithTheRetryAfterDelay() throws Exception {
        LlmException e = chatFailure("rl", Behavior.rateLimited("2.5"));

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e).isInstanceOf(RetryableLlmException.class);
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfterMillis()).isEqualTo(2500);
        assertThat(e.getMessage()).contains("pub-rl", "429", "Rate limit reached");
    }

    @Test
    void leavesRetryAfterUnsetWhenThe429HasNone() throws Exception {
        assertThat(chatFailure("rl2", Behavior.rateLimited(null)).retryAfterMillis()).isEqualTo(-1);
    }

    @Test
    void classifiesA401AsAuthentication() throws Exception {
        LlmException e = chatFailure("auth", Behavior.error(401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided."));

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e).isInstanceOf(RetryableLlmException.class);
        assertThat(e.upstreamBody()).as("not the caller's fault: not passed on").isNull();
    }

    @Test
    void neverRepeatsTheKeyWhenTheUpstreamEchoesItInItsError() throws Exception {
        LlmException e = chatFailure("echo", Behavior.error(401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided: " + KEY + ". You can find your API key at https://example.com."));

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.getMessage()).doesNotContain(KEY).contains("Incorrect API key provided");
    }

    @Test
    void classifiesA503AsOverloaded() throws Exception {
        LlmException e = chatFailure("busy", Behavior.error(503, "server_error", null, "The engine is overloaded."));

        assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e).isInstanceOf(RetryableLlmException.class);
    }

    @Test
    void classifiesA500AsServerError() throws Exception {
        LlmException e = chatFailure("boom", Behavior.error(500, "server_error", null, "Internal error."));

        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e).isInstanceOf(RetryableLlmException.class);
    }

    @Test
    void classifiesContextLengthExceededAsACallerErrorThatIsNotRetried() throws Exception {
        LlmException e = chatFailure("ctx", Behavior.error(400, "invalid_request_error", "context_length_exceeded",
                "This model's maximum context length is 8192 tokens."));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("context_length_exceeded");
        assertThat(e).isNotInstanceOf(RetryableLlmException.class);
    }

    @Test
    void classifiesContentPolicyViolationAsContentPolicy() throws Exception {
        LlmException e = chatFailure("policy", Behavior.error(400, "invalid_request_error", "content_policy_violation",
                "Your request was rejected by the safety system."));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_POLICY);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e).isNotInstanceOf(RetryableLlmException.class);
    }

    @Test
    void passesOtherClientErrorsOnWithTheUpstreamStatusAndRawBody() throws Exception {
        LlmException e = chatFailure("bad", Behavior.error(422, "invalid_request_error", "invalid_value",
                "Invalid value for 'logit_bias'."));

        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_BAD_REQUEST);
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.code()).isEqualTo("invalid_value");
        assertThat(e).isNotInstanceOf(RetryableLlmException.class);
        JsonNode body = Json.MAPPER.readTree(e.upstreamBody());
        assertThat(body.at("/error/message").asText()).isEqualTo("Invalid value for 'logit_bias'.");
        assertThat(body.at("/error/code").asText()).isEqualTo("invalid_value");
        assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void classifiesAPlain400AsUpstreamBadRequest() throws Exception {
        LlmException e = chatFailure("bad400", Behavior.error(400, "invalid_request_error", null, "Unrecognized request."));

        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_BAD_REQUEST);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.upstreamBody()).isNotNull();
    }

    @Test
    void classifiesAnUnreadableSuccessBodyAsMalformed() throws Exception {
        LlmException e = chatFailure("garbage", call -> call.request().response()
                .putHeader("content-type", "application/json").end("{\"choices\": oops"));

        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    }

    @Test
    void classifiesARefusedConnectionAsConnectFailed() throws Exception {
        Provider dead = FakeCatalog.openAiProvider("http://127.0.0.1:" + FakeCatalog.deadPort() + "/v1");

        LlmException e = failure(adapter.chat(FakeCatalog.openAi(dead, "pub-dead", "up-dead"), request(HELLO), options()));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONNECT_FAILED);
        assertThat(e).isInstanceOf(RetryableLlmException.class);
        assertThat(e.getMessage()).contains("127.0.0.1");
    }

    @Test
    void classifiesAConnectionResetBeforeHeadersAsConnectFailed() throws Exception {
        LlmException e = chatFailure("reset", Behavior.resetConnection());

        assertThat(e.kind()).isEqualTo(ErrorKind.CONNECT_FAILED);
    }

    @Test
    void failsAHangingUpstreamWithTimeoutWithinTheCallTimeoutAndClosesTheConnection() throws Exception {
        upstream.on("up-hang", Behavior.hang());

        var future = adapter.chat(model("hang"), request(HELLO), options(Duration.ofMillis(300), Duration.ofSeconds(10)));
        advanceOnceSent("up-hang", 299);
        assertThat(future).isNotDone();
        clock.advance(Duration.ofMillis(1));
        LlmException e = failure(future);

        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(e.getMessage()).contains("300 ms");
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedBeforeEnd().contains("up-hang"));
    }

    @Test
    void classifiesErrorsOfAStreamedRequestTheSameWay() throws Exception {
        upstream.on("up-srl", Behavior.rateLimited("1"));

        StreamRecorder r = stream(model("srl"), "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                options());

        LlmException e = streamFailure(r);
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfterMillis()).isEqualTo(1000);
        assertThat(r.chunks()).isEmpty();
    }

    @Test
    void failsAStreamWhoseHeadersNeverComeWithTimeout() throws Exception {
        upstream.on("up-shang", Behavior.hang());

        StreamRecorder r = stream(model("shang"), "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                options(Duration.ofMillis(300), Duration.ofSeconds(10)));
        advanceOnceSent("up-shang", 299);
        assertThat(r.endings()).isEmpty();
        clock.advance(Duration.ofMillis(1));

        assertThat(streamFailure(r).kind()).isEqualTo(ErrorKind.TIMEOUT);
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedBeforeEnd().contains("up-shang"));
    }

    @Test
    void neverShowsTheKeyInAnyErrorMessage() throws Exception {
        Map<String, Behavior> failures = Map.of(
                "k1", Behavior.rateLimited("1"),
                "k2", Behavior.error(401, "invalid_request_error", "invalid_api_key", "Bad key " + KEY),
                "k3", Behavior.error(500, "server_error", null, "oops"),
                "k4", Behavior.error(400, "invalid_request_error", "context_length_exceeded", "too long"),
                "k5", Behavior.resetConnection());
        for (var f : failures.entrySet()) {
            LlmException e = chatFailure(f.getKey(), f.getValue());
            assertThat(e.getMessage()).doesNotContain(KEY);
            assertThat(String.valueOf(e)).doesNotContain(KEY);
            assertThat(e.toErrorBody().error().message()).doesNotContain(KEY);
        }
    }
}
