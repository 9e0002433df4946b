package io.llmrouter.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmrouter.testing.Behavior;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** After a call, headers tell the route which model and provider answered, after how many attempts, at what cost. */
class LlmDecisionHeadersTest extends LlmCamelTestSupport {

    @Override
    protected RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:candidates").to("llm:chat?candidates=model-a,model-b&retries=0");
            }
        };
    }

    @Test
    void setsModelProviderAttemptsTokensAndCostHeaders() {
        upstream.on("up-a", Behavior.text("four words right here"));

        Exchange ex = template.request("direct:candidates", e -> e.getMessage().setBody("Hi"));

        assertThat(ex.getException()).isNull();
        var m = ex.getMessage();
        assertThat(m.getHeader(LlmHeaders.MODEL)).isEqualTo("model-a");
        assertThat(m.getHeader(LlmHeaders.PROVIDER)).isEqualTo("fake");
        assertThat(m.getHeader(LlmHeaders.STRATEGY)).isEqualTo("ordered");
        assertThat(m.getHeader(LlmHeaders.ATTEMPTS)).isEqualTo(1);
        assertThat(m.getHeader(LlmHeaders.PROMPT_TOKENS)).isEqualTo(10);
        assertThat(m.getHeader(LlmHeaders.COMPLETION_TOKENS)).isEqualTo(4);
        assertThat(m.getHeader(LlmHeaders.TOTAL_TOKENS)).isEqualTo(14);
        // $1 per million in, $2 per million out
        assertThat(m.getHeader(LlmHeaders.COST_USD, Double.class)).isCloseTo((10 + 4 * 2) / 1e6, within(1e-12));
        assertThat(m.getHeader(LlmHeaders.UPSTREAM_NANOS, Long.class)).isPositive();
        assertThat(m.getHeader(LlmHeaders.FAILED_ATTEMPTS)).isNull();
        assertThat(m.getHeader(LlmHeaders.STREAMING)).isNull();
    }

    @Test
    void namesTheModelThatAnsweredAndTheFailedAttemptsAfterAFailover() {
        upstream.on("up-a", Behavior.error(503, "server_error", null, "overloaded"));
        upstream.on("up-b", Behavior.text("from b"));

        Exchange ex = template.request("direct:candidates", e -> e.getMessage().setBody("Hi"));

        var m = ex.getMessage();
        assertThat(m.getBody()).isEqualTo("from b");
        assertThat(m.getHeader(LlmHeaders.MODEL)).isEqualTo("model-b");
        assertThat(m.getHeader(LlmHeaders.ATTEMPTS)).isEqualTo(2);
        assertThat(m.getHeader(LlmHeaders.FAILED_ATTEMPTS)).isEqualTo("model-a: OVERLOADED");
        assertThat(m.getHeader(LlmHeaders.COST_USD, Double.class)).isCloseTo((10 * 0.5 + 2 * 1.0) / 1e6, within(1e-12));
    }

    @Test
    void replacesHeadersLeftOverFromAnEarlierCall() {
        upstream.on("up-a", Behavior.text("fresh"));

        Exchange ex = template.request("direct:candidates", e -> {
            e.getMessage().setBody("Hi");
            e.getMessage().setHeader(LlmHeaders.FAILED_ATTEMPTS, "stale: OVERLOADED");
            e.getMessage().setHeader(LlmHeaders.MODEL, "stale");
        });

        assertThat(ex.getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("model-a");
        assertThat(ex.getMessage().getHeader(LlmHeaders.FAILED_ATTEMPTS)).isNull();
    }
}
