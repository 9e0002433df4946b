package io.llmrouter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A bad request body becomes a 400 in OpenAI's shape that names the offending field, before anything is sent. */
class RequestCodecErrorsTest {

    private static LlmException rejected(String body) {
        LlmException e = catchThrowableOfType(LlmException.class, () -> RequestCodec.readChat(body));
        assertThat(e).as("rejected: %s", body).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e).isNotInstanceOf(RetryableLlmException.class);
        return e;
    }

    @Test
    void rejectsMalformedJsonWithoutNamingAParam() {
        LlmException e = rejected("{\"model\": \"a\", \"messages\": [");
        assertThat(e.param()).isNull();
        assertThat(e.getMessage()).contains("could not parse the JSON body");
        assertThat(e.toErrorBody().error().type()).isEqualTo("invalid_request_error");
    }

    @Test
    void rejectsASyntaxErrorInsideANestedValueAsMalformedJsonRatherThanAsThatField() {
        LlmException e = rejected("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\",, }]}");
        assertThat(e.param()).isNull();
        assertThat(e.getMessage()).contains("could not parse the JSON body");
    }

    @Test
    void rejectsMalformedJsonGivenAsBytesTheSameWay() {
        LlmException e = catchThrowableOfType(LlmException.class,
                () -> RequestCodec.readChat("not json".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.param()).isNull();
    }

    @Test
    void rejectsABodyThatIsNotAnObject() {
        assertThat(rejected("[1, 2]").param()).isNull();
        assertThat(rejected("null").getMessage()).contains("must be a JSON object");
    }

    @Test
    void rejectsMissingMessages() {
        LlmException e = rejected("{\"model\":\"a\"}");
        assertThat(e.param()).isEqualTo("messages");
        assertThat(e.getMessage()).isEqualTo("Missing required parameter: 'messages'.");
    }

    @Test
    void rejectsEmptyMessages() {
        assertThat(rejected("{\"messages\":[]}").param()).isEqualTo("messages");
    }

    @Test
    void rejectsAnIllTypedTemperatureSayingANumberWasExpected() {
        LlmException e = rejected("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}");
        assertThat(e.param()).isEqualTo("temperature");
        assertThat(e.getMessage()).contains("'temperature'").contains("expected a number");
    }

    @Test
    void namesNestedIllTypedFieldsWithTheirPathInSnakeCase() {
        LlmException e = rejected("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":{}}");
        assertThat(e.param()).isEqualTo("max_tokens");
        assertThat(e.getMessage()).contains("expected an integer");

        LlmException content = rejected("{\"messages\":[{\"role\":\"user\",\"content\":42}]}");
        assertThat(content.param()).isEqualTo("messages[0].content");
        assertThat(content.getMessage()).contains("expected a string or an array of content parts");
    }

    @Test
    void rejectsAnInvalidRoleNamingTheMessage() {
        LlmException e = rejected("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"robot\",\"content\":\"x\"}]}");
        assertThat(e.param()).isEqualTo("messages[1].role");
        assertThat(e.getMessage()).contains("'robot'");
    }

    @Test
    void rejectsAMessageWithoutRole() {
        assertThat(rejected("{\"messages\":[{\"content\":\"hi\"}]}").param()).isEqualTo("messages[0].role");
    }

    @Test
    void rejectsAToolWithoutFunctionName() {
        LlmException e = rejected("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"description\":\"d\",\"parameters\":{}}}]}");
        assertThat(e.param()).isEqualTo("tools[0].function.name");
        assertThat(e.getMessage()).contains("Missing required parameter: 'tools[0].function.name'");
    }

    @Test
    void rejectsATemperatureOutOfRange() {
        LlmException e = rejected("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":2.5}");
        assertThat(e.param()).isEqualTo("temperature");
        assertThat(e.getMessage()).contains("2.5").contains("between");
    }

    @Test
    void rejectsOtherOutOfRangeNumbersNamingThem() {
        assertThat(rejected("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":-0.1}").param())
                .isEqualTo("top_p");
        assertThat(rejected("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":0}").param()).isEqualTo("n");
        assertThat(rejected("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":0}").param())
                .isEqualTo("max_completion_tokens");
    }

    @Test
    void rejectsBlankFallbackModelNames() {
        assertThat(rejected("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"fallbacks\":[\"\"]}").param())
                .isEqualTo("fallbacks");
        assertThat(rejected("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"models\":[\"a\",\" \"]}").param())
                .isEqualTo("models");
    }

    @Test
    void rejectsAnEmbeddingRequestWithoutInput() {
        LlmException e = catchThrowableOfType(LlmException.class, () -> RequestCodec.readEmbedding("{\"model\":\"e\"}"));
        assertThat(e.param()).isEqualTo("input");
        assertThat(e.status()).isEqualTo(400);
    }
}
