package io.llmrouter.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.Json;
import org.junit.jupiter.api.Test;

/**
 * An answer asked again is relayed only past what the caller has, and only when it repeats exactly that: the cases the
 * fake upstreams do not stream (text before the calls, a whole call in one delta, ids repeated on every delta).
 */
class SpliceTest {

    static ChatChunk chunk(String delta, String finish) throws Exception {
        return Json.MAPPER.readValue("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}", ChatChunk.class);
    }

    static String call(int index, String id, String name, String arguments) {
        return "{\"index\":" + index + (id == null ? "" : ",\"id\":\"" + id + "\",\"type\":\"function\"")
               + ",\"function\":{" + (name == null ? "" : "\"name\":\"" + name + "\",") + "\"arguments\":"
               + Json.MAPPER.getNodeFactory().textNode(arguments) + "}}";
    }

    static String calls(String... calls) {
        return "{\"tool_calls\":[" + String.join(",", calls) + "]}";
    }

    /** The caller's answer: some text, then one call of get_weather whose arguments broke off. */
    static AnswerSoFar textThenABrokenCall() throws Exception {
        AnswerSoFar had = new AnswerSoFar();
        had.add(chunk("{\"role\":\"assistant\",\"content\":\"Let me look.\"}", null));
        had.add(chunk(calls(call(0, "call_first", "get_weather", "")), null));
        had.add(chunk(calls(call(0, null, null, "{\"city\":")), null));
        return had;
    }

    @Test
    void textThenACallRepeatedInOtherPiecesIsRelayedFromWhereTheArgumentsBrokeOff() throws Exception {
        Splice splice = new Splice(textThenABrokenCall());

        assertThat(splice.next(chunk("{\"role\":\"assistant\",\"content\":\"Let me\"}", null))).isNull();
        assertThat(splice.next(chunk("{\"content\":\" look.\"}", null))).isNull();
        ChatChunk whole = splice.next(chunk(calls(call(0, "call_second", "get_weather", "{\"city\":\"Rome\"}")),
                null));

        assertThat(splice.differs()).isNull();
        assertThat(Json.string(whole.choices.get(0).delta))
                .isEqualTo("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Rome\\\"}\"}}]}");
    }

    @Test
    void afterTheCoverTheBrokenCallKeepsTheCallersIdAndALaterCallItsOwn() throws Exception {
        Splice splice = new Splice(textThenABrokenCall());
        splice.next(chunk("{\"content\":\"Let me look.\"}", null));
        splice.next(chunk(calls(call(0, "call_second", "get_weather", "{\"city\":")), null));

        ChatChunk rest = splice.next(chunk(calls(call(0, "call_second", "get_weather", "\"Rome\"}"),
                call(1, "call_second_2", "get_time", "{}")), "tool_calls"));

        assertThat(Json.string(rest.choices.get(0).delta)).isEqualTo("{\"tool_calls\":["
                + "{\"index\":0,\"function\":{\"arguments\":\"\\\"Rome\\\"}\"}},"
                + "{\"index\":1,\"id\":\"call_second_2\",\"type\":\"function\",\"function\":{\"name\":\"get_time\","
                + "\"arguments\":\"{}\"}}]}");
        assertThat(rest.choices.get(0).finishReason).isEqualTo("tool_calls");
    }

    @Test
    void moreTextBeforeTheCallsIsNotSpliced() throws Exception {
        Splice splice = new Splice(textThenABrokenCall());

        assertThat(splice.next(chunk("{\"content\":\"Let me look. Rome\"}", null))).isNull();

        assertThat(splice.differs()).isEqualTo("its text differs from the text already sent");
    }

    @Test
    void aCallThatBeginsBeforeTheBrokenOneWasRepeatedIsNotSpliced() throws Exception {
        AnswerSoFar had = new AnswerSoFar();
        had.add(chunk(calls(call(0, "a", "get_weather", "{\"city\":\"Rome\"}")), null));
        had.add(chunk(calls(call(1, "b", "get_time", "{\"zone\"")), null));
        Splice splice = new Splice(had);

        splice.next(chunk(calls(call(0, "x", "get_weather", "{\"city\":\"Ro")), null));
        splice.next(chunk(calls(call(1, "y", "get_time", "")), null));

        assertThat(splice.differs()).isEqualTo("its tool calls differ from those already sent");
    }

    @Test
    void otherArgumentsAreNotSpliced() throws Exception {
        Splice splice = new Splice(textThenABrokenCall());
        splice.next(chunk("{\"content\":\"Let me look.\"}", null));

        splice.next(chunk(calls(call(0, "x", "get_weather", "{}")), null));

        assertThat(splice.differs()).isEqualTo("the arguments of its call of get_weather differ from those already sent");
    }

    @Test
    void anAnswerThatEndsBeforeItCoveredIsNotSpliced() throws Exception {
        Splice splice = new Splice(textThenABrokenCall());
        splice.next(chunk("{\"content\":\"Let me look.\"}", null));

        splice.next(chunk(calls(call(0, "x", "get_weather", "{\"ci")), "tool_calls"));

        assertThat(splice.differs()).isEqualTo("it ended before it covered what was already sent");
    }

    @Test
    void aCallWhoseNameArrivedAloneIsCoveredByTheSameName() throws Exception {
        AnswerSoFar had = new AnswerSoFar();
        had.add(chunk(calls(call(0, "a", "get_weather", "")), null));
        Splice splice = new Splice(had);

        ChatChunk first = splice.next(chunk(calls(call(0, "x", "get_weather", "")), null));
        ChatChunk args = splice.next(chunk(calls(call(0, null, null, "{}")), null));

        assertThat(splice.covered()).isTrue();
        assertThat(Json.string(first.choices.get(0).delta)).isEqualTo("{}");
        assertThat(Json.string(args.choices.get(0).delta))
                .isEqualTo("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}");
    }

    @Test
    void textOnlyIsRelayedPastWhatTheCallerHas() throws Exception {
        AnswerSoFar had = new AnswerSoFar();
        had.add(chunk("{\"content\":\"The quick\"}", null));
        Splice splice = new Splice(had);

        assertThat(splice.next(chunk("{\"content\":\"The\"}", null))).isNull();
        ChatChunk rest = splice.next(chunk("{\"content\":\" quick brown\"}", null));

        assertThat(rest.choices.get(0).delta.content.asText()).isEqualTo(" brown");
    }
}
