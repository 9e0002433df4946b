package io.llmrouter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Every list a caller sends has a cap: one item over it is a 400 naming the list, the cap itself is accepted. */
class RequestLimitsTest {

    private static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";
    private static final String MESSAGES = "\"messages\":[" + USER + "]";

    private static String array(int n, IntFunction<String> item) {
        return IntStream.range(0, n).mapToObj(item).collect(Collectors.joining(",", "[", "]"));
    }

    private static LlmException rejectedChat(String body) {
        LlmException e = catchThrowableOfType(LlmException.class, () -> RequestCodec.readChat(body));
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("array too long");
        return e;
    }

    private static LlmException rejectedEmbedding(String body) {
        LlmException e = catchThrowableOfType(LlmException.class, () -> RequestCodec.readEmbedding(body));
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e;
    }

    @Test
    void modelsAndFallbacksEachTakeUpTo64Names() {
        String models = array(RequestLimits.MODELS, i -> "\"m" + i + "\"");
        assertThat(RequestCodec.readChat("{" + MESSAGES + ",\"models\":" + models + "}").models).hasSize(64);
        assertThat(RequestCodec.readChat("{" + MESSAGES + ",\"fallbacks\":" + models + "}").fallbacks).hasSize(64);

        String tooMany = array(RequestLimits.MODELS + 1, i -> "\"m" + i + "\"");
        assertThat(rejectedChat("{" + MESSAGES + ",\"models\":" + tooMany + "}").param()).isEqualTo("models");
        assertThat(rejectedChat("{" + MESSAGES + ",\"fallbacks\":" + tooMany + "}").param()).isEqualTo("fallbacks");
    }

    @Test
    void messagesTakeUpTo100000() {
        assertThat(RequestCodec.readChat("{\"messages\":" + array(RequestLimits.MESSAGES, i -> USER) + "}").messages)
                .hasSize(100_000);

        assertThat(rejectedChat("{\"messages\":" + array(RequestLimits.MESSAGES + 1, i -> USER) + "}").param())
                .isEqualTo("messages");
    }

    @Test
    void toolsTakeUpTo128() {
        IntFunction<String> tool = i -> "{\"type\":\"function\",\"function\":{\"name\":\"f" + i + "\"}}";
        assertThat(RequestCodec.readChat("{" + MESSAGES + ",\"tools\":" + array(128, tool) + "}").tools).hasSize(128);

        assertThat(rejectedChat("{" + MESSAGES + ",\"tools\":" + array(129, tool) + "}").param()).isEqualTo("tools");
    }

    @Test
    void stopTakesUpTo4Sequences() {
        assertThat(RequestCodec.readChat("{" + MESSAGES + ",\"stop\":" + array(4, i -> "\"s" + i + "\"") + "}").stop)
                .hasSize(4);

        assertThat(rejectedChat("{" + MESSAGES + ",\"stop\":" + array(5, i -> "\"s" + i + "\"") + "}").param())
                .isEqualTo("stop");
    }

    @Test
    void aMessageTakesUpTo1000ContentParts() {
        IntFunction<String> part = i -> "{\"type\":\"text\",\"text\":\"t\"}";
        String ok = "{\"messages\":[" + USER + ",{\"role\":\"user\",\"content\":" + array(1000, part) + "}]}";
        assertThat(RequestCodec.readChat(ok).messages.get(1).content.parts()).hasSize(1000);

        String tooMany = "{\"messages\":[" + USER + ",{\"role\":\"user\",\"content\":" + array(1001, part) + "}]}";
        assertThat(rejectedChat(tooMany).param()).isEqualTo("messages[1].content");
    }

    @Test
    void embeddingsTakeUpTo2048Inputs() {
        assertThat(RequestCodec.readEmbedding("{\"input\":" + array(2048, i -> "\"x\"") + "}").input).hasSize(2048);

        LlmException e = rejectedEmbedding("{\"input\":" + array(2049, i -> "\"x\"") + "}");
        assertThat(e.param()).isEqualTo("input");
        assertThat(e.getMessage()).contains("array too long");
    }

    @Test
    void embeddingDimensionsRunFrom1To8192() {
        assertThat(RequestCodec.readEmbedding("{\"input\":\"x\",\"dimensions\":1}").dimensions).isEqualTo(1);
        assertThat(RequestCodec.readEmbedding("{\"input\":\"x\",\"dimensions\":8192}").dimensions).isEqualTo(8192);

        for (String dims : new String[] { "-5", "0", "8193", "1000000000" }) {
            LlmException e = rejectedEmbedding("{\"input\":\"x\",\"dimensions\":" + dims + "}");
            assertThat(e.param()).as(dims).isEqualTo("dimensions");
            assertThat(e.getMessage()).contains(dims);
        }
    }

    @Test
    void requestedModelsDropsDuplicatesKeepingTheFirstOfEach() {
        ChatRequest r = RequestCodec.readChat("{\"model\":\"b\"," + MESSAGES
                + ",\"models\":[\"a\",\"b\",\"c\",\"a\"],\"fallbacks\":[\"c\",\"d\"]}");

        assertThat(r.requestedModels()).containsExactly("b", "a", "c", "d");
    }

    @Test
    void requestedModelsKeepsEveryDistinctNameOfAHugeList() {
        // the list the issue froze the event loop with; requestedModels runs before the caps are checked by callers
        // that build requests themselves
        ChatRequest r = new ChatRequest();
        r.models = IntStream.range(0, 150_000).mapToObj(i -> "m" + (i % 100_000)).toList();

        assertThat(r.requestedModels()).hasSize(100_000).startsWith("m0", "m1").endsWith("m99999");
    }
}
