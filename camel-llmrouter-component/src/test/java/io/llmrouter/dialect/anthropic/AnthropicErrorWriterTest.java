package io.llmrouter.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrouter.api.ErrorBody;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import org.junit.jupiter.api.Test;

/** Every failure gets the status and error type an Anthropic client expects for it. */
class AnthropicErrorWriterTest {

    private static String type(LlmException e) {
        return AnthropicErrorWriter.body(e).path("error").path("type").asText();
    }

    @Test
    void aBadRequestIsAnInvalidRequestError() {
        LlmException e = LlmException.invalid("max_tokens", "max_tokens: Field required");
        assertThat(AnthropicErrorWriter.status(e)).isEqualTo(400);
        assertThat(type(e)).isEqualTo("invalid_request_error");
        assertThat(AnthropicErrorWriter.body(e).toString())
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                        + "\"message\":\"max_tokens: Field required\"}}");
    }

    @Test
    void anUnknownModelIsNotFound() {
        LlmException e = LlmException.of(ErrorKind.MODEL_NOT_FOUND, 404, "no such model", "model", null, null, null);
        assertThat(AnthropicErrorWriter.status(e)).isEqualTo(404);
        assertThat(type(e)).isEqualTo("not_found_error");
    }

    @Test
    void rateLimitsOverloadAndServerFailuresKeepTheirMeaning() {
        assertThat(type(LlmException.of(ErrorKind.RATE_LIMITED, "slow down"))).isEqualTo("rate_limit_error");
        assertThat(AnthropicErrorWriter.status(LlmException.of(ErrorKind.RATE_LIMITED, "slow down"))).isEqualTo(429);
        LlmException overloaded = LlmException.of(ErrorKind.OVERLOADED, "busy");
        assertThat(AnthropicErrorWriter.status(overloaded)).isEqualTo(529);
        assertThat(type(overloaded)).isEqualTo("overloaded_error");
        assertThat(type(LlmException.of(ErrorKind.NO_CANDIDATE, 503, "all open", null, null, null, null)))
                .isEqualTo("overloaded_error");
        assertThat(type(LlmException.of(ErrorKind.INTERNAL, "boom"))).isEqualTo("api_error");
        assertThat(AnthropicErrorWriter.status(LlmException.of(ErrorKind.INTERNAL, "boom"))).isEqualTo(500);
        assertThat(type(LlmException.of(ErrorKind.CONNECT_FAILED, "refused"))).isEqualTo("api_error");
        assertThat(type(LlmException.of(ErrorKind.REQUEST_TOO_LARGE, "big"))).isEqualTo("request_too_large");
    }

    @Test
    void anUpstreamCallerErrorKeepsTheUpstreamsMessage() {
        byte[] upstream = Json.bytes(ErrorBody.of("temperature is out of range", "invalid_request_error", null, null));
        LlmException e = LlmException.of(ErrorKind.UPSTREAM_BAD_REQUEST, 400, "Upstream for 'x' answered 400", null,
                null, upstream, null);
        assertThat(AnthropicErrorWriter.body(e).path("error").path("message").asText())
                .isEqualTo("temperature is out of range");
    }
}
