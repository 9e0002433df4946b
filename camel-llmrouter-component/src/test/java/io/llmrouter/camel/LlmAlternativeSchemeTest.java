package io.llmrouter.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrouter.testing.Behavior;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Both schemes resolve from the classpath: {@code llm:} and {@code llm-router:} (safe from Camel's own llm alias). */
class LlmAlternativeSchemeTest extends LlmCamelTestSupport {

    @Override
    protected RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:llm").to("llm:chat?model=model-a");
                from("direct:router").to("llm-router:chat?model=model-b");
            }
        };
    }

    @Test
    void resolvesBothSchemesToTheLlmComponent() {
        assertThat(context.getComponent("llm")).isInstanceOf(LlmComponent.class);
        assertThat(context.getComponent("llm-router")).isInstanceOf(LlmComponent.class);
        assertThat(context.getEndpoint("llm-router:models")).isInstanceOf(LlmEndpoint.class);
    }

    @Test
    void answersThroughTheLlmRouterScheme() {
        upstream.on("up-b", Behavior.text("via llm-router"));

        assertThat(template.requestBody("direct:router", "Hi")).isEqualTo("via llm-router");
        assertThat(upstream.attempts("up-b")).isEqualTo(1);
    }

    @Test
    void answersThroughTheLlmScheme() {
        upstream.on("up-a", Behavior.text("via llm"));

        assertThat(template.requestBody("direct:llm", "Hi")).isEqualTo("via llm");
    }
}
