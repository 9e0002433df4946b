package io.llmrouter.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.testing.AnthropicBehavior;
import org.junit.jupiter.api.Test;

/** Each of Anthropic's error answers gets its kind; caller errors reach the (OpenAI-speaking) caller in OpenAI's shape. */
class AnthropicErrorClassificationTest extends AnthropicAdapterTestSupport {

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    private static LlmException failingWith(AnthropicBehavior behavior) throws Exception {
        upstream.on("up-a", behavior);
        return failure(adapter.chat(model("a"), request(HELLO), options()));
    }

    @Test
    void status529IsOverloaded() throws Exception {
        LlmException e = failingWith(AnthropicBehavior.error(529, "overloaded_error", "Overloaded", null));
        assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
        assertThat(e.kind().retryable()).isTrue();
    }

    @Test
    void anOverloadedErrorTypeIsOverloadedWhateverTheStatus() throws Exception {
        assertThat(failingWith(AnthropicBehavior.error(500, "overloaded_error", "Overloaded", null)).kind())
                .isEqualTo(ErrorKind.OVERLOADED);
    }

    @Test
    void status429IsRateLimitedWithItsRetryAfter() throws Exception {
        LlmException e = failingWith(AnthropicBehavior.error(429, "rate_limit_error",
                "Number of request tokens has exceeded your per-minute rate limit", "7"));
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfterMillis()).isEqualTo(7000);
    }

    @Test
    void status401And403AreAuthenticationFailures() throws Exception {
        assertThat(failingWith(AnthropicBehavior.error(401, "authentication_error", "invalid x-api-key", null)).kind())
                .isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(failingWith(AnthropicBehavior.error(403, "permission_error", "no access", null)).kind())
                .isEqualTo(ErrorKind.AUTHENTICATION);
    }

    @Test
    void aTooLongPromptIsContextLengthExceeded() throws Exception {
        LlmException e = failingWith(AnthropicBehavior.error(400, "invalid_request_error",
                "prompt is too long: 215000 tokens > 200000 maximum", null));
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
        assertThat(e.status()).isEqualTo(400);
        JsonNode body = Json.MAPPER.readTree(e.upstreamBody());
        assertThat(body.path("error").path("code").asText()).isEqualTo("context_length_exceeded");
    }

    @Test
    void otherClientErrorsArePassedOnInOpenAisShape() throws Exception {
        LlmException e = failingWith(AnthropicBehavior.error(400, "invalid_request_error",
                "temperature: range: 0..1", null));
        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_BAD_REQUEST);
        assertThat(e.status()).isEqualTo(400);
        JsonNode body = Json.MAPPER.readTree(new String(e.upstreamBody(), StandardCharsets.UTF_8));
        assertThat(body.path("error").path("message").asText()).isEqualTo("temperature: range: 0..1");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").has("param")).isTrue();
        assertThat(body.path("error").has("code")).isTrue();
    }

    @Test
    void serverErrorsAreRetryableServerErrors() throws Exception {
        LlmException e = failingWith(AnthropicBehavior.error(500, "api_error", "Internal server error", null));
        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.upstreamBody()).isNull();
    }

    @Test
    void aKeyEchoedInAnErrorMessageIsMasked() throws Exception {
        LlmException e = failingWith(AnthropicBehavior.error(401, "authentication_error", "bad key " + KEY, null));
        assertThat(e.getMessage()).doesNotContain(KEY).contains("***");
    }
}
