package io.llmrouter.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.testing.Behavior;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** {@code llm:chat} reads each body form a route may carry and answers in the same form. */
class LlmChatBodyFormsTest extends LlmCamelTestSupport {

    private static final String JSON = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"x_keep\":1}";

    @Override
    protected RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("llm:chat?model=model-a");
            }
        };
    }

    @Test
    void answersAChatRequestWithAChatResponse() {
        upstream.on("up-a", Behavior.text("Hi there"));
        ChatRequest req = new ChatRequest();
        req.messages = new java.util.ArrayList<>();
        req.messages.add(ChatMessage.of("user", "Hello"));

        Object body = template.requestBody("direct:chat", req);

        assertThat(body).isInstanceOf(ChatResponse.class);
        ChatResponse r = (ChatResponse) body;
        assertThat(r.firstText()).isEqualTo("Hi there");
        assertThat(r.model).isEqualTo("model-a");
        assertThat(upstream.requests("up-a").get(0).body().path("model").asText()).isEqualTo("up-a");
    }

    @Test
    void answersAJsonStringWithAJsonString() throws Exception {
        upstream.on("up-a", Behavior.text("Hi there"));

        Object body = template.requestBody("direct:chat", JSON);

        assertThat(body).isInstanceOf(String.class);
        JsonNode r = Json.MAPPER.readTree((String) body);
        assertThat(r.at("/choices/0/message/content").asText()).isEqualTo("Hi there");
        assertThat(r.path("model").asText()).isEqualTo("model-a");
        assertThat(r.path("object").asText()).isEqualTo("chat.completion");
        assertThat(upstream.requests("up-a").get(0).body().path("x_keep").asInt()).isEqualTo(1);
    }

    @Test
    void answersBytesWithBytes() throws Exception {
        upstream.on("up-a", Behavior.text("Hi bytes"));

        Object body = template.requestBody("direct:chat", JSON.getBytes(StandardCharsets.UTF_8));

        assertThat(body).isInstanceOf(byte[].class);
        assertThat(Json.MAPPER.readTree((byte[]) body).at("/choices/0/message/content").asText()).isEqualTo("Hi bytes");
    }

    @Test
    void answersAnInputStreamWithAnInputStream() throws Exception {
        upstream.on("up-a", Behavior.text("Hi stream"));

        Object body = template.requestBody("direct:chat", new ByteArrayInputStream(JSON.getBytes(StandardCharsets.UTF_8)));

        assertThat(body).isInstanceOf(InputStream.class);
        assertThat(Json.MAPPER.readTree((InputStream) body).at("/choices/0/message/content").asText())
                .isEqualTo("Hi stream");
    }

    @Test
    void answersAPlainPromptWithTheAnswerText() {
        upstream.on("up-a", Behavior.text("Paris is the capital."));

        Object body = template.requestBody("direct:chat", "What is the capital of France?");

        assertThat(body).isEqualTo("Paris is the capital.");
        JsonNode sent = upstream.requests("up-a").get(0).body();
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("What is the capital of France?");
    }

    @Test
    void answersAPromptWhoseAnswerIsAToolCallWithTheMessageJson() throws Exception {
        upstream.on("up-a", Behavior.toolCall("lookup", "{\"q\":\"x\"}"));

        Object body = template.requestBody("direct:chat", "look it up");

        JsonNode message = Json.MAPPER.readTree((String) body);
        assertThat(message.at("/tool_calls/0/function/name").asText()).isEqualTo("lookup");
    }

    @Test
    void rejectsABodyItCannotReadWithA400() {
        assertThatThrownBy(() -> template.requestBody("direct:chat", 42))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("java.lang.Integer", "ChatRequest");
                });
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void rejectsAnInvalidJsonBodyNamingTheField() {
        assertThatThrownBy(() -> template.requestBody("direct:chat", "{\"model\":\"x\"}"))
                .cause().isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.param()).isEqualTo("messages"));
    }
}
