package io.llmrouter.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RetryableLlmException;
import io.llmrouter.testing.Behavior;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Upstream failures raise RetryableLlmException or LlmException, so failover and onException can tell them apart. */
class LlmRouteErrorHandlingTest extends LlmCamelTestSupport {

    @Override
    protected RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:fixed").to("llm:chat?model=model-a");
                from("direct:failover")
                        .loadBalance().failover(RetryableLlmException.class)
                        .to("llm:chat?model=model-a", "llm:chat?model=model-b");
                from("direct:handled")
                        .onException(RetryableLlmException.class).handled(true)
                            .setBody(simple("fallback: ${exception.kind}"))
                        .end()
                        .to("llm:chat?model=model-a");
            }
        };
    }

    @Test
    void raisesARetryableExceptionWhenTheOnlyModelIsOverloaded() {
        upstream.on("up-a", Behavior.error(503, "server_error", null, "overloaded"));

        Exchange ex = template.request("direct:fixed", e -> e.getMessage().setBody("Hi"));

        assertThat(ex.getException()).isInstanceOf(RetryableLlmException.class);
        LlmException e = (LlmException) ex.getException();
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.getMessage()).contains("model-a");
    }

    @Test
    void raisesAPlainLlmExceptionForTheCallersOwnError() {
        upstream.on("up-a", Behavior.error(400, "invalid_request_error", "context_length_exceeded", "too long"));

        Exchange ex = template.request("direct:fixed", e -> e.getMessage().setBody("Hi"));

        assertThat(ex.getException()).isExactlyInstanceOf(LlmException.class);
        assertThat(((LlmException) ex.getException()).kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    }

    @Test
    void raisesAPlainLlmExceptionForAnUnknownModel() {
        Exchange ex = template.request("direct:fixed", e -> e.getMessage().setBody(
                "{\"model\":\"ignored-by-a-fixed-endpoint\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
        assertThat(ex.getException()).isNull();

        ex = template.request("llm:chat?model=no-such-model", e -> e.getMessage().setBody("Hi"));
        assertThat(ex.getException()).isExactlyInstanceOf(LlmException.class);
        assertThat(((LlmException) ex.getException()).status()).isEqualTo(404);
    }

    @Test
    void letsTheFailoverEipMoveToTheNextEndpointOnARetryableFailure() {
        upstream.on("up-a", Behavior.error(503, "server_error", null, "overloaded"));
        upstream.on("up-b", Behavior.text("b saves the day"));

        Exchange ex = template.request("direct:failover", e -> e.getMessage().setBody("Hi"));

        assertThat(ex.getException()).isNull();
        assertThat(ex.getMessage().getBody()).isEqualTo("b saves the day");
        assertThat(ex.getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("model-b");
    }

    @Test
    void keepsTheFailoverEipFromRetryingACallerError() {
        upstream.on("up-a", Behavior.error(400, "invalid_request_error", "content_policy_violation", "no"));

        Exchange ex = template.request("direct:failover", e -> e.getMessage().setBody("Hi"));

        assertThat(ex.getException()).isInstanceOf(LlmException.class).isNotInstanceOf(RetryableLlmException.class);
        assertThat(upstream.attempts("up-b")).isZero();
    }

    @Test
    void letsOnExceptionHandleARetryableFailure() {
        upstream.on("up-a", Behavior.rateLimited("1"));

        Exchange ex = template.request("direct:handled", e -> e.getMessage().setBody("Hi"));

        assertThat(ex.getException()).isNull();
        assertThat(ex.getMessage().getBody()).isEqualTo("fallback: ALL_ATTEMPTS_FAILED");
    }
}
