package io.llmrouter.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.testing.GeminiBehavior;
import org.junit.jupiter.api.Test;

/** Each of Google's error answers gets its kind; caller errors reach the (OpenAI-speaking) caller in OpenAI's shape. */
class GeminiErrorClassificationTest extends GeminiAdapterTestSupport {

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    private static LlmException failingWith(GeminiBehavior behavior) throws Exception {
        upstream.on("g", behavior);
        return failure(adapter.chat(model("g"), request(HELLO), options()));
    }

    @Test
    void resourceExhaustedIsRateLimitedWithTheRetryInfoDelay() throws Exception {
        LlmException e = failingWith(GeminiBehavior.rateLimited("35s"));
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfterMillis()).isEqualTo(35_000);
    }

    @Test
    void aTooLongPromptIsContextLengthExceeded() throws Exception {
        LlmException e = failingWith(GeminiBehavior.error(400, "INVALID_ARGUMENT",
                "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", null));
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
        assertThat(e.status()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(e.upstreamBody()).path("error").path("code").asText())
                .isEqualTo("context_length_exceeded");
    }

    @Test
    void otherInvalidArgumentsArePassedOnInOpenAisShape() throws Exception {
        LlmException e = failingWith(GeminiBehavior.error(400, "INVALID_ARGUMENT",
                "Unable to submit request because it has an empty text parameter.", null));
        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_BAD_REQUEST);
        JsonNode body = Json.MAPPER.readTree(e.upstreamBody());
        assertThat(body.path("error").path("message").asText()).startsWith("Unable to submit request");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").has("param")).isTrue();
        assertThat(body.path("error").has("code")).isTrue();
    }

    @Test
    void permissionDeniedUnauthenticatedAndAnInvalidKeyAreAuthenticationFailures() throws Exception {
        assertThat(failingWith(GeminiBehavior.error(403, "PERMISSION_DENIED", "denied", null)).kind())
                .isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(failingWith(GeminiBehavior.error(401, "UNAUTHENTICATED", "no credentials", null)).kind())
                .isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(failingWith(GeminiBehavior.apiKeyInvalid()).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    }

    @Test
    void internalIsServerErrorUnavailableIsOverloadedDeadlineExceededIsTimeout() throws Exception {
        assertThat(failingWith(GeminiBehavior.error(500, "INTERNAL", "An internal error has occurred.", null)).kind())
                .isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(failingWith(GeminiBehavior.error(503, "UNAVAILABLE", "The model is overloaded.", null)).kind())
                .isEqualTo(ErrorKind.OVERLOADED);
        assertThat(failingWith(GeminiBehavior.error(504, "DEADLINE_EXCEEDED", "Deadline exceeded.", null)).kind())
                .isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void aKeyEchoedInAnErrorMessageIsMasked() throws Exception {
        LlmException e = failingWith(GeminiBehavior.error(403, "PERMISSION_DENIED", "bad key " + KEY, null));
        assertThat(e.getMessage()).doesNotContain(KEY).contains("***");
    }
}
