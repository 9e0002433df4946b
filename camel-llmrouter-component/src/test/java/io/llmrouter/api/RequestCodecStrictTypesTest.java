package io.llmrouter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Ill-typed values are 400s naming the field, as OpenAI answers them, rather than being coerced or passed on. */
class RequestCodecStrictTypesTest {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static LlmException rejected(String field) {
        return rejectedBody("{" + MESSAGES + "," + field + "}");
    }

    private static LlmException rejectedBody(String body) {
        LlmException e = catchThrowableOfType(LlmException.class, () -> RequestCodec.readChat(body));
        assertThat(e).as("rejected: %s", body).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        return e;
    }

    private static LlmException rejectedEmbedding(String body) {
        LlmException e = catchThrowableOfType(LlmException.class, () -> RequestCodec.readEmbedding(body));
        assertThat(e).as("rejected: %s", body).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e;
    }

    @Test
    void rejectsASecondJsonValueAfterTheBody() {
        LlmException e = rejectedBody("{" + MESSAGES + "} {}");
        assertThat(e.param()).isNull();
        assertThat(e.getMessage()).contains("data after the JSON object");
    }

    @Test
    void rejectsGarbageAfterTheBodyGivenAsBytes() {
        LlmException e = catchThrowableOfType(LlmException.class,
                () -> RequestCodec.readChat(("{" + MESSAGES + "} garbage").getBytes(StandardCharsets.UTF_8)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("could not parse the JSON body");
    }

    @Test
    void acceptsWhitespaceAfterTheBody() {
        assertThat(RequestCodec.readChat("{" + MESSAGES + "}\n\r\n ").messages).hasSize(1);
    }

    @Test
    void rejectsAResponseFormatOfUnknownType() {
        LlmException e = rejected("\"response_format\":{\"type\":\"bogus\"}");
        assertThat(e.param()).isEqualTo("response_format.type");
        assertThat(e.getMessage()).contains("'bogus'");

        assertThat(rejected("\"response_format\":{}").param()).isEqualTo("response_format.type");
        assertThat(rejected("\"response_format\":\"json\"").param()).isEqualTo("response_format");
    }

    @Test
    void acceptsTheThreeResponseFormats() {
        for (String type : new String[] { "text", "json_object", "json_schema" }) {
            ChatRequest r = RequestCodec.readChat("{" + MESSAGES + ",\"response_format\":{\"type\":\"" + type + "\"}}");
            assertThat(r.responseFormat.type).isEqualTo(type);
        }
    }

    @Test
    void rejectsAStopThatIsNeitherAStringNorAnArrayOfStrings() {
        assertThat(rejected("\"stop\":5").param()).isEqualTo("stop");
        assertThat(rejected("\"stop\":{\"a\":1}").param()).isEqualTo("stop");
        assertThat(rejected("\"stop\":[\"ok\",5]").param()).isEqualTo("stop");
        assertThat(rejected("\"stop\":true").getMessage()).contains("a string or an array of strings");
    }

    @Test
    void acceptsAStopStringOrArray() {
        assertThat(RequestCodec.readChat("{" + MESSAGES + ",\"stop\":\"END\"}").stop.asText()).isEqualTo("END");
        assertThat(RequestCodec.readChat("{" + MESSAGES + ",\"stop\":[\"a\",\"b\"]}").stop).hasSize(2);
    }

    @Test
    void rejectsADecimalWhereAnIntegerBelongs() {
        LlmException e = rejected("\"max_tokens\":1.5");
        assertThat(e.param()).isEqualTo("max_tokens");
        assertThat(e.getMessage()).contains("expected an integer");

        assertThat(rejected("\"max_completion_tokens\":100.0").param()).isEqualTo("max_completion_tokens");
        assertThat(rejected("\"n\":2.5").param()).isEqualTo("n");
        assertThat(rejected("\"seed\":1e3").param()).isEqualTo("seed");
    }

    @Test
    void rejectsAnIntegerTooLargeForItsFieldNamingTheField() {
        LlmException e = rejected("\"max_tokens\":99999999999");
        assertThat(e.param()).isEqualTo("max_tokens");
        assertThat(e.getMessage()).contains("out of range");
    }

    @Test
    void rejectsNumbersAndBooleansGivenAsStrings() {
        assertThat(rejected("\"max_tokens\":\"100\"").param()).isEqualTo("max_tokens");
        assertThat(rejected("\"temperature\":\"0.5\"").param()).isEqualTo("temperature");
        assertThat(rejected("\"stream\":\"true\"").param()).isEqualTo("stream");
        assertThat(rejected("\"stream\":1").param()).isEqualTo("stream");
    }

    @Test
    void rejectsANumberOrBooleanWhereAStringBelongs() {
        assertThat(rejectedBody("{\"model\":5," + MESSAGES + "}").param()).isEqualTo("model");
        assertThat(rejected("\"user\":true").param()).isEqualTo("user");
        assertThat(rejected("\"models\":[\"a\",7]").param()).isEqualTo("models[1]");
    }

    @Test
    void rejectsNotANumberAndInfinitySamplingValues() {
        // Jackson reads the string "NaN" into a Double, and 1e400 overflows to infinity
        assertThat(rejected("\"temperature\":\"NaN\"").param()).isEqualTo("temperature");
        assertThat(rejected("\"top_p\":\"NaN\"").param()).isEqualTo("top_p");
        assertThat(rejected("\"temperature\":1e400").param()).isEqualTo("temperature");
    }

    @Test
    void rejectsAToolChoiceThatIsNoKnownStringNorAnObject() {
        assertThat(rejected("\"tool_choice\":\"sometimes\"").param()).isEqualTo("tool_choice");
        assertThat(rejected("\"tool_choice\":3").param()).isEqualTo("tool_choice");
        assertThat(RequestCodec.readChat("{" + MESSAGES + ",\"tool_choice\":\"required\"}").toolChoice.asText())
                .isEqualTo("required");
    }

    @Test
    void keepsUnknownFieldsOfAnyTypeForTheUpstream() {
        ChatRequest r = RequestCodec.readChat("{" + MESSAGES
                + ",\"logprobs\":true,\"top_logprobs\":2.5,\"metadata\":{\"k\":\"v\"},\"service_tier\":5}");

        assertThat(r.extra()).containsKeys("logprobs", "top_logprobs", "metadata", "service_tier");
        assertThat(r.extra().get("top_logprobs")).isEqualTo(2.5);
    }

    @Test
    void rejectsEmbeddingInputItemsOfTheWrongType() {
        assertThat(rejectedEmbedding("{\"input\":[\"a\",1]}").param()).isEqualTo("input");
        assertThat(rejectedEmbedding("{\"input\":[1,\"a\"]}").param()).isEqualTo("input");
        assertThat(rejectedEmbedding("{\"input\":[{\"text\":\"a\"}]}").param()).isEqualTo("input");
        assertThat(rejectedEmbedding("{\"input\":[[1,2],[3.5]]}").param()).isEqualTo("input");
        assertThat(rejectedEmbedding("{\"input\":5}").param()).isEqualTo("input");
    }

    @Test
    void acceptsTheFourEmbeddingInputForms() {
        for (String input : new String[] { "\"a\"", "[\"a\",\"b\"]", "[1,2,3]", "[[1,2],[3]]" }) {
            assertThat(RequestCodec.readEmbedding("{\"input\":" + input + "}").input).as(input).isNotNull();
        }
    }

    @Test
    void rejectsIllTypedEmbeddingFieldsAndTrailingData() {
        assertThat(rejectedEmbedding("{\"input\":\"x\",\"dimensions\":2.5}").param()).isEqualTo("dimensions");
        assertThat(rejectedEmbedding("{\"input\":\"x\",\"encoding_format\":\"hex\"}").param()).isEqualTo("encoding_format");
        assertThat(rejectedEmbedding("{\"input\":\"x\"} {}").getMessage()).contains("data after the JSON object");
    }
}
