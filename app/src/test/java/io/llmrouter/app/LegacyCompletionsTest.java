package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/** OpenAI's legacy {@code /v1/completions}: the prompt goes to a chat model, the answer comes back as text_completion. */
class LegacyCompletionsTest extends GatewayTestSupport {

    @Test
    void promptIsAnsweredAsATextCompletion() throws Exception {
        upstream.on("up-a", Behavior.text("Once upon a time"));

        HttpResponse<String> r = post("/v1/completions", """
                {"model":"model-a","prompt":"Tell a story","max_tokens":20,"temperature":0.5,"stop":["\\n"]}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.path("id").asText()).startsWith("cmpl-");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("text").asText()).isEqualTo("Once upon a time");
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.has("logprobs") && choice.path("logprobs").isNull()).isTrue();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.path("usage").path("total_tokens").asInt()).isPositive();

        JsonNode sent = upstream.requests("up-a").get(0).body();
        assertThat(sent.path("messages")).hasSize(1);
        assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(sent.path("messages").get(0).path("content").asText()).isEqualTo("Tell a story");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(20);
        assertThat(sent.path("stop").get(0).asText()).isEqualTo("\n");
    }

    @Test
    void streamedPromptSendsTextCompletionChunksThenDone() throws Exception {
        upstream.on("up-a", Behavior.text("one two three"));

        HttpResponse<String> r = post("/v1/completions", "{\"model\":\"model-a\",\"prompt\":[\"Count\"],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = dataEvents(r.body());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(events);
        StringBuilder text = new StringBuilder();
        for (JsonNode c : chunks) {
            assertThat(c.path("object").asText()).isEqualTo("text_completion");
            c.path("choices").forEach(choice -> text.append(choice.path("text").asText()));
        }
        assertThat(text.toString()).isEqualTo("one two three");
        assertThat(chunks.stream().anyMatch(c -> "stop".equals(c.path("choices").path(0).path("finish_reason")
                .asText(null)))).isTrue();
        assertThat(chunks.get(chunks.size() - 1).path("usage").path("completion_tokens").asInt()).isPositive();
    }

    @Test
    void whatChatModelsCannotDoIsA400NamingTheParameter() throws Exception {
        record Case(String body, String param) {
        }
        for (Case c : List.of(
                new Case("{\"model\":\"model-a\"}", "prompt"),
                new Case("{\"model\":\"model-a\",\"prompt\":[1,2,3]}", "prompt"),
                new Case("{\"model\":\"model-a\",\"prompt\":[\"a\",\"b\"]}", "prompt"),
                new Case("{\"model\":\"model-a\",\"prompt\":\"x\",\"suffix\":\"end\"}", "suffix"),
                new Case("{\"model\":\"model-a\",\"prompt\":\"x\",\"echo\":true}", "echo"),
                new Case("{\"model\":\"model-a\",\"prompt\":\"x\",\"logprobs\":2}", "logprobs"),
                new Case("{\"model\":\"model-a\",\"prompt\":\"x\",\"max_tokens\":\"many\"}", "max_tokens"),
                new Case("{\"model\":\"model-a\",\"prompt\":\"x\",\"temperature\":9}", "temperature"),
                new Case("{\"model\":\"model-a\",\"prompt\":\"x\",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", "stop"))) {
            JsonNode error = assertOpenAiError(post("/v1/completions", c.body()), 400);
            assertThat(error.path("param").asText()).as(c.body()).isEqualTo(c.param());
        }
        assertThat(upstream.requests()).isEmpty();
    }
}
