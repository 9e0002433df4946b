package io.llmrouter.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.EventWriter;
import org.junit.jupiter.api.Test;

/** OpenAI's wire bytes: unnamed data events, the [DONE] terminator, and its error JSON passed on or the router's own. */
class OpenAiDialectTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void framesEachChunkAsOneDataEventAndEndsWithDone() {
        ChatChunk chunk = new ChatChunk();
        chunk.id = "c1";
        chunk.model = "m";
        ChatChunk.Choice choice = new ChatChunk.Choice();
        choice.delta = ChatMessage.of("assistant", "Hé");
        chunk.choices = List.of(choice);
        EventWriter events = OpenAiDialect.INSTANCE.events();

        assertThat(text(events.chunk(chunk))).isEqualTo("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
                + "\"created\":0,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"Hé\"}}]}\n\n");
        assertThat(text(events.complete())).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void aStreamThatFailsEndsWithAnErrorEventInsteadOfDone() {
        LlmException e = LlmException.of(ErrorKind.STREAM_CUT, "The upstream stream broke off.");

        assertThat(text(OpenAiDialect.INSTANCE.events().error(e))).startsWith("data: {\"error\":{")
                .contains("\"message\":\"The upstream stream broke off.\"").endsWith("}}\n\n")
                .doesNotContain("[DONE]");
    }

    @Test
    void passesAnUpstreamErrorBodyOnAsItCameAndWritesItsOwnOtherwise() {
        byte[] upstream = "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}"
                .getBytes(StandardCharsets.UTF_8);
        LlmException passedOn = LlmException.of(ErrorKind.INVALID_REQUEST, 400, "bad", null, null, upstream, null);
        LlmException own = LlmException.invalid("model", "model: Field required");

        assertThat(OpenAiDialect.INSTANCE.status(passedOn)).isEqualTo(400);
        assertThat(OpenAiDialect.INSTANCE.errorBody(passedOn)).isEqualTo(upstream);
        assertThat(text(OpenAiDialect.INSTANCE.errorBody(own))).isEqualTo("{\"error\":{\"message\":\"model: Field "
                + "required\",\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":null}}");
    }
}
