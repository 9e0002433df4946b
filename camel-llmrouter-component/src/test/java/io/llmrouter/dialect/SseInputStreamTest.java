package io.llmrouter.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatStream;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.anthropic.AnthropicDialect;
import io.llmrouter.dialect.openai.OpenAiDialect;
import org.junit.jupiter.api.Test;

/** A stream's SSE bytes as an InputStream: each event readable as soon as it arrives, and closing it early cancels. */
class SseInputStreamTest {

    private final CancelToken cancel = new CancelToken();
    private final ChatStream stream = new ChatStream(cancel);

    private static ChatChunk chunk(String text) {
        ChatChunk c = new ChatChunk();
        c.id = "c1";
        c.model = "m";
        ChatChunk.Choice choice = new ChatChunk.Choice();
        choice.delta = ChatMessage.of("assistant", text);
        c.choices = List.of(choice);
        return c;
    }

    private static String readSome(SseInputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n = in.read(buffer, 0, buffer.length);
        return n < 0 ? null : new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    private static String readAll(SseInputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void eachEventCanBeReadBeforeTheStreamEnds() throws IOException {
        SseInputStream in = SseInputStream.of(stream, OpenAiDialect.INSTANCE);

        stream.push(chunk("Hello"));
        assertThat(in.available()).isPositive();
        assertThat(readSome(in)).startsWith("data: {").contains("\"content\":\"Hello\"").endsWith("}\n\n");

        stream.push(chunk(" world"));
        stream.complete();
        assertThat(readSome(in)).contains("\"content\":\" world\"").endsWith("}\n\ndata: [DONE]\n\n");
        assertThat(in.read()).isEqualTo(-1);
        assertThat(cancel.isCancelled()).isFalse();
    }

    @Test
    void aReadWaitsForTheNextEventAndReturnsAsSoonAsItArrives() throws Exception {
        SseInputStream in = SseInputStream.of(stream, OpenAiDialect.INSTANCE);
        FutureTask<String> read = new FutureTask<>(() -> readSome(in));
        Thread reader = new Thread(read, "sse-reader");
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.WAITING);

        stream.push(chunk("Hello"));

        assertThat(read.get(10, TimeUnit.SECONDS)).contains("\"content\":\"Hello\"").endsWith("}\n\n");
        in.close();
    }

    @Test
    void eventsThatArrivedBeforeTheStreamWasWrappedAreNotLost() throws IOException {
        stream.push(chunk("early"));
        stream.complete();

        assertThat(readAll(SseInputStream.of(stream, OpenAiDialect.INSTANCE))).contains("\"content\":\"early\"")
                .endsWith("data: [DONE]\n\n");
    }

    @Test
    void speaksTheDialectItIsGiven() throws IOException {
        stream.push(chunk("Hi"));
        stream.complete();

        assertThat(readAll(SseInputStream.of(stream, AnthropicDialect.INSTANCE)))
                .startsWith("event: message_start\n").contains("event: content_block_delta\n")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    @Test
    void aStreamThatFailsEndsWithItsErrorEvent() throws IOException {
        SseInputStream in = SseInputStream.of(stream, OpenAiDialect.INSTANCE);
        stream.push(chunk("partial"));
        stream.fail(LlmException.of(ErrorKind.STREAM_CUT, "The upstream stream broke off."));

        assertThat(readAll(in)).contains("\"content\":\"partial\"").endsWith("broke off.\",\"type\":\"api_error\","
                + "\"param\":null,\"code\":\"upstream_stream_cut\"}}\n\n").doesNotContain("[DONE]");
    }

    @Test
    void closingItBeforeTheEndCancelsTheStream() throws IOException {
        SseInputStream in = SseInputStream.of(stream, OpenAiDialect.INSTANCE);
        stream.push(chunk("Hello"));

        in.close();

        assertThat(cancel.isCancelled()).isTrue();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void closingItAfterTheEndCancelsNothing() throws IOException {
        SseInputStream in = SseInputStream.of(stream, OpenAiDialect.INSTANCE);
        stream.complete();

        in.readAllBytes();
        in.close();

        assertThat(cancel.isCancelled()).isFalse();
    }
}
