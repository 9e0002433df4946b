package io.llmrouter.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Server-Sent Events are framed as the WHATWG spec says, however the bytes are split across network buffers. */
class SseDecoderTest {

    private final List<String> events = new ArrayList<>();
    private final SseDecoder decoder = new SseDecoder((name, data) -> events.add(name + "|" + data));

    private void feed(String text) {
        decoder.feed(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void splitsEventsOnLf() {
        feed("data: one\n\ndata: two\n\n");
        assertThat(events).containsExactly("null|one", "null|two");
    }

    @Test
    void splitsEventsOnCrLf() {
        feed("data: one\r\n\r\ndata: two\r\n\r\n");
        assertThat(events).containsExactly("null|one", "null|two");
    }

    @Test
    void splitsEventsOnCr() {
        feed("data: one\r\rdata: two\r\r");
        assertThat(events).containsExactly("null|one", "null|two");
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        feed("data: first\ndata: second\ndata:third\n\n");
        assertThat(events).containsExactly("null|first\nsecond\nthird");
    }

    @Test
    void ignoresCommentsAndUnknownFields() {
        feed(": keep-alive\n\nid: 7\nretry: 100\n: inline comment\ndata: x\n\n");
        assertThat(events).containsExactly("null|x");
    }

    @Test
    void passesEventNamesAndForgetsThemAfterTheEvent() {
        feed("event: error\ndata: {\"a\":1}\n\ndata: plain\n\n");
        assertThat(events).containsExactly("error|{\"a\":1}", "null|plain");
    }

    @Test
    void dispatchesNothingForAnEventWithoutData() {
        feed("event: ping\n\ndata: after\n\n");
        assertThat(events).containsExactly("null|after");
    }

    @Test
    void removesOnlyOneLeadingSpaceOfAValue() {
        feed("data:  two spaces\n\ndata\n\n");
        assertThat(events).containsExactly("null| two spaces", "null|");
    }

    @Test
    void keepsLongLinesWhole() {
        String big = "x".repeat(10_000);
        feed("data: " + big + "\n\n");
        assertThat(events).containsExactly("null|" + big);
    }

    @Test
    void decodesTheSameWhereverTheBytesAreSplitIntoTwoBuffers() {
        String stream = "event: delta\r\ndata: {\"content\":\"héllo wörld €\"}\r\n\r\n: ping\r\rdata: a\ndata: b\n\n"
                + "data: [DONE]\r\n\r\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<String> whole = decodeInPieces(bytes, bytes.length);
        assertThat(whole).containsExactly("delta|{\"content\":\"héllo wörld €\"}", "null|a\nb", "null|[DONE]");

        for (int cut = 1; cut < bytes.length; cut++) {
            assertThat(decodeInPieces(bytes, cut)).as("split at byte %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void decodesTheSameWhenEveryByteArrivesAlone() {
        byte[] bytes = "data: one\r\n\r\ndata: tw€\r\rdata: three\n\n".getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        SseDecoder d = new SseDecoder((name, data) -> out.add(data));
        for (byte b : bytes) {
            d.feed(Buffer.buffer(new byte[] { b }));
        }
        assertThat(out).containsExactly("one", "tw€", "three");
    }

    @Test
    void reportsAPartialEventWhenTheStreamEndsMidEvent() {
        feed("data: complete\n\ndata: {\"half\":");
        assertThat(events).containsExactly("null|complete");
        assertThat(decoder.hasPartialEvent()).isTrue();

        feed("1}\n\n");
        assertThat(decoder.hasPartialEvent()).isFalse();
        assertThat(events).containsExactly("null|complete", "null|{\"half\":1}");
    }

    /** Feeds the bytes as two buffers, cut at the given index. */
    private static List<String> decodeInPieces(byte[] bytes, int cut) {
        List<String> out = new ArrayList<>();
        SseDecoder d = new SseDecoder((name, data) -> out.add(name + "|" + data));
        d.feed(Buffer.buffer(Arrays.copyOfRange(bytes, 0, cut)));
        d.feed(Buffer.buffer(Arrays.copyOfRange(bytes, cut, bytes.length)));
        return out;
    }
}
