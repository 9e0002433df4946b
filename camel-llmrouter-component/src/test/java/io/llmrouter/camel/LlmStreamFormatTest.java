package io.llmrouter.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

import io.llmrouter.api.ChatStream;
import io.llmrouter.testing.Behavior;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** With streamFormat=sse, a streamed answer reaches the route as the SSE bytes of the endpoint's API. */
class LlmStreamFormatTest extends LlmCamelTestSupport {

    private static final String OPENAI_STREAM =
            "{\"model\":\"bee\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final String ANTHROPIC_STREAM = "{\"model\":\"bee\",\"max_tokens\":50,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Override
    protected RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sse").to("llm:chat?retries=0&streamFormat=sse");
                from("direct:chunks").to("llm:chat?retries=0");
                from("direct:messages-sse").to("llm:messages?retries=0&streamFormat=sse");
            }
        };
    }

    private static String readAll(Exchange ex) throws IOException {
        try (InputStream in = ex.getMessage().getBody(InputStream.class)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void chatAnswersWithOpenAiEventsEndingInDone() throws IOException {
        upstream.on("up-b", Behavior.text("streamed words arrive"));

        Exchange ex = template.request("direct:sse", e -> e.getMessage().setBody(OPENAI_STREAM));

        assertThat(ex.getException()).isNull();
        assertThat(ex.getMessage().getBody()).isInstanceOf(InputStream.class);
        assertThat(ex.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(ex.getMessage().getHeader(LlmHeaders.STREAMING)).isEqualTo(true);
        assertThat(ex.getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("model-b");
        String sse = readAll(ex);
        assertThat(sse).startsWith("data: {").contains("\"object\":\"chat.completion.chunk\"", "\"content\":\"streamed\"",
                "\"content\":\" arrive\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void messagesAnswersWithAnthropicEvents() throws IOException {
        upstream.on("up-b", Behavior.text("hello there"));

        Exchange ex = template.request("direct:messages-sse", e -> e.getMessage().setBody(ANTHROPIC_STREAM));

        assertThat(ex.getException()).isNull();
        String sse = readAll(ex);
        assertThat(sse).startsWith("event: message_start\ndata: {\"type\":\"message_start\"")
                .contains("event: content_block_delta\n", "\"text\":\"hello\"", "event: message_delta\n")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    @Test
    void theFirstEventCanBeReadWhileTheModelIsStillWriting() throws IOException {
        CountDownLatch rest = new CountDownLatch(1);
        upstream.on("up-b", Behavior.heldAfterFirstChunk("first then more", rest));

        Exchange ex = template.request("direct:sse", e -> e.getMessage().setBody(OPENAI_STREAM));

        try (InputStream in = ex.getMessage().getBody(InputStream.class)) {
            byte[] buffer = new byte[64 * 1024];
            String first = new String(buffer, 0, in.read(buffer), StandardCharsets.UTF_8);
            assertThat(first).startsWith("data: {").doesNotContain("[DONE]");
            rest.countDown();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void theHeaderChoosesTheFormatPerMessage() throws IOException {
        upstream.on("up-b", Behavior.text("either way"));

        Exchange sse = template.request("direct:chunks", e -> {
            e.getMessage().setBody(OPENAI_STREAM);
            e.getMessage().setHeader(LlmHeaders.STREAM_FORMAT, "sse");
        });
        Exchange chunks = template.request("direct:sse", e -> {
            e.getMessage().setBody(OPENAI_STREAM);
            e.getMessage().setHeader(LlmHeaders.STREAM_FORMAT, "chunks");
        });

        assertThat(readAll(sse)).endsWith("data: [DONE]\n\n");
        assertThat(chunks.getMessage().getBody()).isInstanceOf(ChatStream.class);
        chunks.getMessage().getBody(ChatStream.class).cancel();
    }

    @Test
    void aPlainRequestIsAnsweredAsUsualWhateverTheFormat() {
        upstream.on("up-b", Behavior.text("plain"));

        Exchange ex = template.request("direct:sse", e -> e.getMessage().setBody(
                "{\"model\":\"bee\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

        assertThat(ex.getMessage().getBody(String.class)).contains("\"content\":\"plain\"");
        assertThat(ex.getMessage().getHeader(Exchange.CONTENT_TYPE)).isNull();
    }

    @Test
    void anUnknownFormatInTheHeaderFailsTheExchangeSayingWhichExist() {
        Exchange ex = template.request("direct:chunks", e -> {
            e.getMessage().setBody(OPENAI_STREAM);
            e.getMessage().setHeader(LlmHeaders.STREAM_FORMAT, "ndjson");
        });

        assertThat(ex.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("llm: header CamelLlmStreamFormat must be chunks or sse, was 'ndjson'");
    }

    @Test
    void anUnknownFormatOptionFailsWhenTheEndpointIsCreated() {
        assertThatThrownBy(() -> context.getEndpoint("llm:chat?streamFormat=ndjson"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .rootCause().hasMessage("llm: option streamFormat must be chunks or sse, was 'ndjson'");
    }
}
