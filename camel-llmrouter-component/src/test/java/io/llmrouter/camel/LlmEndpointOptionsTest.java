package io.llmrouter.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.llmrouter.engine.RouteOptions;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;

/** Endpoint URI options bind to the configuration, and options that cannot work fail when the endpoint is created. */
class LlmEndpointOptionsTest extends LlmCamelTestSupport {

    @Test
    void bindsEveryOptionOfTheUri() {
        LlmEndpoint e = context.getEndpoint("llm:chat?model=a&candidates=a,%20b&strategy=ordered&timeout=5000"
                + "&firstTokenTimeout=700&stallTimeout=900", LlmEndpoint.class);

        assertThat(e.getOperation()).isEqualTo("chat");
        LlmConfiguration c = e.getConfiguration();
        assertThat(c.getModel()).isEqualTo("a");
        assertThat(c.candidateList()).containsExactly("a", "b");
        assertThat(c.getStrategy()).isEqualTo("ordered");
        assertThat(c.getTimeout()).isEqualTo(5000);
        assertThat(c.getFirstTokenTimeout()).isEqualTo(700);
        assertThat(c.getStallTimeout()).isEqualTo(900);
        RouteOptions o = c.routeOptions();
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.candidates()).containsExactly("a", "b");
    }

    @Test
    void usesDefaultsForOptionsTheUriLeavesOut() {
        LlmConfiguration c = context.getEndpoint("llm:chat", LlmEndpoint.class).getConfiguration();

        assertThat(c.getModel()).isNull();
        assertThat(c.candidateList()).isEmpty();
        assertThat(c.getStrategy()).isEqualTo("ordered");
        assertThat(c.getTimeout()).isEqualTo(600_000);
        assertThat(c.getFirstTokenTimeout()).isEqualTo(60_000);
    }

    @Test
    void givesEachEndpointItsOwnCopyOfTheComponentConfiguration() {
        LlmEndpoint a = context.getEndpoint("llm:chat?model=model-a", LlmEndpoint.class);
        LlmEndpoint b = context.getEndpoint("llm:chat?model=model-b", LlmEndpoint.class);

        assertThat(a.getConfiguration().getModel()).isEqualTo("model-a");
        assertThat(b.getConfiguration().getModel()).isEqualTo("model-b");
        assertThat(context.getComponent("llm", LlmComponent.class).getConfiguration().getModel()).isNull();
    }

    @Test
    void failsFastOnAnUnknownOperationSayingWhichExist() {
        assertThatThrownBy(() -> context.getEndpoint("llm:complete?model=a"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .rootCause().hasMessageContaining("Unknown llm: operation 'complete'")
                .hasMessageContaining("llm:chat, llm:embeddings, llm:models or llm:route");
    }

    @Test
    void failsFastOnAZeroTimeout() {
        assertThatThrownBy(() -> context.getEndpoint("llm:chat?timeout=0"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .rootCause().hasMessageContaining("timeout must be a positive number of milliseconds, was 0");
    }

    @Test
    void failsFastOnANegativeStallTimeout() {
        assertThatThrownBy(() -> context.getEndpoint("llm:chat?stallTimeout=-5"))
                .rootCause().hasMessageContaining("stallTimeout must be a positive number");
    }

    @Test
    void failsFastOnATimeoutThatIsNotANumber() {
        assertThatThrownBy(() -> context.getEndpoint("llm:chat?timeout=soon"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void failsFastOnAnUnknownOption() {
        assertThatThrownBy(() -> context.getEndpoint("llm:chat?modle=a"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("modle");
    }

    @Test
    void failsFastOnAnEmptyStrategy() {
        assertThatThrownBy(() -> context.getEndpoint("llm:chat?strategy="))
                .rootCause().hasMessageContaining("strategy must not be empty");
    }

    @Test
    void failsFastOnIllFormedWeightsNamingTheOption() {
        assertThatThrownBy(() -> context.getEndpoint("llm:chat?weights=cost=x"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .rootCause().hasMessage("llm: option weights: Invalid weight 'cost=x': not a number.");
    }

    @Test
    void failsFastOnAZeroBackoffAndOnNoAttempts() {
        assertThatThrownBy(() -> context.getEndpoint("llm:chat?backoff=0"))
                .rootCause().hasMessage("llm: option backoff must be a positive number of milliseconds, was 0");
        assertThatThrownBy(() -> context.getEndpoint("llm:chat?maxAttempts=0"))
                .rootCause().hasMessage("llm: maxAttempts must be >= 1, was 0");
    }

    @Test
    void refusesToActAsAConsumer() {
        LlmEndpoint e = context.getEndpoint("llm:chat", LlmEndpoint.class);

        assertThatThrownBy(() -> e.createConsumer(exchange -> { }))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("platform-http");
    }
}
