package io.llmrouter.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeAzureUpstream;
import org.junit.jupiter.api.Test;

/** Azure's own error answers get their kinds: content filter refusals, rate limits with retry-after-ms, bad keys. */
class AzureErrorClassificationTest extends AzureAdapterTestSupport {

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    private static LlmException failingWith(Behavior behavior) throws Exception {
        upstream.on("dep", behavior);
        return failure(adapter.chat(deployment("dep"), request(HELLO), options()));
    }

    @Test
    void aContentFilterRefusalIsAContentPolicyErrorPassedOnToTheCaller() throws Exception {
        LlmException e = failingWith(FakeAzureUpstream.contentFiltered());
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_POLICY);
        assertThat(e.kind().retryable()).isFalse();
        assertThat(e.status()).isEqualTo(400);
        JsonNode body = Json.MAPPER.readTree(e.upstreamBody());
        assertThat(body.path("error").path("code").asText()).isEqualTo("content_filter");
    }

    @Test
    void theResponsibleAiInnerErrorAloneMarksAContentPolicyError() throws Exception {
        LlmException e = failingWith(answering(400, "{\"error\":{\"code\":\"invalid_prompt\",\"message\":"
                + "\"Invalid prompt\",\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\"}}}"));
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_POLICY);
    }

    @Test
    void aRateLimitHonoursRetryAfterMsOverRetryAfter() throws Exception {
        LlmException e = failingWith(FakeAzureUpstream.rateLimited("1", "250"));
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfterMillis()).isEqualTo(250);
    }

    @Test
    void aRateLimitWithoutRetryAfterMsUsesRetryAfter() throws Exception {
        LlmException e = failingWith(FakeAzureUpstream.rateLimited("2", null));
        assertThat(e.retryAfterMillis()).isEqualTo(2000);
    }

    @Test
    void aMissingOrWrongKeyIsAnAuthenticationFailure() throws Exception {
        LlmException e = failingWith(answering(401,
                "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key.\"}}"));
        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    }

    private static Behavior answering(int status, String json) throws Exception {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(json);
        return call -> Behavior.json(call.request().response(), status, body);
    }
}
