package io.llmrouter.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.testing.BedrockBehavior;
import org.junit.jupiter.api.Test;

/** Each of Bedrock's error answers gets its kind, by x-amzn-ErrorType first; caller errors are passed on in OpenAI's shape. */
class BedrockErrorClassificationTest extends BedrockAdapterTestSupport {

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    private static LlmException failingWith(int status, String type, String message) throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.error(status, type, message));
        return failure(adapter.chat(model("a"), request(HELLO), options()));
    }

    @Test
    void throttlingIsRateLimited() throws Exception {
        LlmException e = failingWith(429, "ThrottlingException", "Too many requests, please wait before trying again.");
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.kind().retryable()).isTrue();
    }

    @Test
    void aModelNotReadyIsOverloadedThoughItsStatusIs429() throws Exception {
        assertThat(failingWith(429, "ModelNotReadyException", "Model is not ready").kind()).isEqualTo(ErrorKind.OVERLOADED);
    }

    @Test
    void serviceUnavailableIsOverloaded() throws Exception {
        assertThat(failingWith(503, "ServiceUnavailableException", "Service unavailable").kind())
                .isEqualTo(ErrorKind.OVERLOADED);
    }

    @Test
    void aModelTimeoutIsATimeout() throws Exception {
        assertThat(failingWith(408, "ModelTimeoutException", "Model timed out").kind()).isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void accessDeniedAndUnrecognizedClientsAreAuthenticationFailures() throws Exception {
        assertThat(failingWith(403, "AccessDeniedException", "You don't have access to the model").kind())
                .isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(failingWith(403, "UnrecognizedClientException", "The security token included in the request is invalid.")
                .kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    }

    @Test
    void aSignatureTheUpstreamRejectsIsAnAuthenticationFailure() throws Exception {
        // the fake itself refuses a request signed with another secret
        var wrong = new io.llmrouter.catalog.Provider("bedrock", provider.type(), provider.baseUrl(), null, null,
                provider.headers(), provider.connectTimeout(), provider.requestTimeout(), new BedrockSettings(REGION,
                new AwsCredentials("AWS_ACCESS_KEY_ID", ACCESS_KEY, "not-the-secret", null), null), provider.regions(),
                null);
        LlmException e = failure(adapter.chat(model(wrong, "a", upstreamId("a")), request(HELLO), options()));
        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(upstream.rejections()).singleElement().asString().contains("signature");
    }

    @Test
    void internalServerErrorsAreRetryableServerErrors() throws Exception {
        LlmException e = failingWith(500, "InternalServerException", "Internal server error");
        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.upstreamBody()).isNull();
    }

    @Test
    void anUnknownModelIsTheCallersError() throws Exception {
        LlmException e = failingWith(404, "ResourceNotFoundException", "Could not resolve the foundation model");
        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_BAD_REQUEST);
        assertThat(e.kind().retryable()).isFalse();
    }

    @Test
    void aTooLongInputIsContextLengthExceeded() throws Exception {
        for (String message : new String[] { "Input is too long for requested model.",
                "The model returned the following errors: too many input tokens" }) {
            LlmException e = failingWith(400, "ValidationException", message);
            assertThat(e.kind()).as(message).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
            assertThat(e.status()).isEqualTo(400);
            JsonNode body = Json.MAPPER.readTree(e.upstreamBody());
            assertThat(body.path("error").path("code").asText()).isEqualTo("context_length_exceeded");
        }
    }

    @Test
    void otherValidationErrorsArePassedOnInOpenAisShape() throws Exception {
        LlmException e = failingWith(400, "ValidationException", "temperature: must be between 0 and 1");
        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_BAD_REQUEST);
        assertThat(e.status()).isEqualTo(400);
        JsonNode body = Json.MAPPER.readTree(e.upstreamBody());
        assertThat(body.path("error").path("message").asText()).isEqualTo("temperature: must be between 0 and 1");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").has("param")).isTrue();
        assertThat(body.path("error").has("code")).isTrue();
    }
}
