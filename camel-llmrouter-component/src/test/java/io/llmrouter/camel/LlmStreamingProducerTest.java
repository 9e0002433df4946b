package io.llmrouter.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ChatStream;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.StreamRecorder;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** A streamed request answers with a ChatStream the route can hand on, once a model has sent its first token. */
class LlmStreamingProducerTest extends LlmCamelTestSupport {

    @Override
    protected RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:stream").to("llm:chat?retries=0");
            }
        };
    }

    @Test
    void answersAStreamedRequestWithAChatStreamBody() throws Exception {
        upstream.on("up-b", Behavior.text("streamed words arrive"));

        Exchange ex = template.request("direct:stream", e -> e.getMessage().setBody(
                "{\"model\":\"bee\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

        assertThat(ex.getException()).isNull();
        assertThat(ex.getMessage().getBody()).isInstanceOf(ChatStream.class);
        assertThat(ex.getMessage().getHeader(LlmHeaders.STREAMING)).isEqualTo(true);
        assertThat(ex.getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("model-b");
        assertThat(ex.getMessage().getHeader(LlmHeaders.COST_USD)).as("known only at the end").isNull();

        StreamRecorder rec = new StreamRecorder();
        ex.getMessage().getBody(ChatStream.class).subscribe(rec);
        rec.end().get(10, TimeUnit.SECONDS);
        assertThat(rec.text()).isEqualTo("streamed words arrive");
        assertThat(rec.chunks()).noneMatch(c -> c.usage != null);
        assertThat(state.spend("default")).isCloseTo((10 * 0.5 + 3 * 1.0) / 1e6, within(1e-12));
    }

    @Test
    void failsOverBeforeTheStreamIsHandedOver() throws Exception {
        upstream.on("up-a", Behavior.error(500, "server_error", null, "boom"));
        upstream.on("up-b", Behavior.text("from b"));

        Exchange ex = template.request("direct:stream", e -> e.getMessage().setBody(
                "{\"models\":[\"model-a\",\"model-b\"],\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

        assertThat(ex.getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("model-b");
        assertThat(ex.getMessage().getHeader(LlmHeaders.FAILED_ATTEMPTS)).isEqualTo("model-a: SERVER_ERROR");
        StreamRecorder rec = new StreamRecorder();
        ex.getMessage().getBody(ChatStream.class).subscribe(rec);
        rec.end().get(10, TimeUnit.SECONDS);
        assertThat(rec.text()).isEqualTo("from b");
    }
}
