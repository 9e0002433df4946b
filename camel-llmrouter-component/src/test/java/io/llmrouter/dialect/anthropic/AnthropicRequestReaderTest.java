package io.llmrouter.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.LlmException;
import org.junit.jupiter.api.Test;

/** Anthropic requests read into canonical ones; what the router cannot serve is a 400 naming the field. */
class AnthropicRequestReaderTest {

    private static ChatRequest read(String json) {
        return AnthropicRequestReader.readMessages(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsSystemBlocksImagesByUrlStopSequencesAndMetadata() {
        ChatRequest r = read("""
                {"model":"m","max_tokens":10,"system":[{"type":"text","text":"A"},{"type":"text","text":"B"}],
                 "stop_sequences":["X"],"temperature":0.2,"top_k":5,"metadata":{"user_id":"u1"},
                 "messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"https://x/y.png"}}]}]}""");
        assertThat(r.messages.get(0).role).isEqualTo("system");
        assertThat(r.messages.get(0).content.asText()).isEqualTo("A\n\nB");
        assertThat(r.messages.get(1).content.parts().get(0).imageUrl.url).isEqualTo("https://x/y.png");
        assertThat(r.stop.get(0).asText()).isEqualTo("X");
        assertThat(r.temperature).isEqualTo(0.2);
        assertThat(r.user).isEqualTo("u1");
        assertThat(r.maxTokens).isEqualTo(10);
        assertThat(r.extra()).isEmpty();
    }

    @Test
    void readsNamedToolChoiceAndThinkingBlocksAreDropped() {
        ChatRequest r = read("""
                {"model":"m","max_tokens":10,"tools":[{"name":"t","input_schema":{"type":"object"}}],
                 "tool_choice":{"type":"tool","name":"t"},
                 "messages":[{"role":"user","content":"go"},{"role":"assistant","content":[
                   {"type":"thinking","thinking":"hmm","signature":"s"},{"type":"text","text":"ok"}]}]}""");
        assertThat(r.toolChoice.path("function").path("name").asText()).isEqualTo("t");
        assertThat(r.messages.get(1).content.asText()).isEqualTo("ok");
    }

    @Test
    void rejectsServerToolsBadRolesAndUnknownBlocks() {
        assertThatThrownBy(() -> read("""
                {"model":"m","max_tokens":10,"tools":[{"type":"web_search_20250305","name":"web_search"}],
                 "messages":[{"role":"user","content":"go"}]}""")).isInstanceOf(LlmException.class)
                .hasMessageContaining("web_search_20250305");
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"system\","
                + "\"content\":\"x\"}]}")).hasMessageContaining("messages.0.role");
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"document\"}]}]}")).hasMessageContaining("document");
        assertThatThrownBy(() -> read("{\"max_tokens\":10,\"messages\":[]}")).hasMessageContaining("model: Field required");
    }

    @Test
    void countTokensNeedsNoMaxTokens() {
        ChatRequest r = AnthropicRequestReader.readCountTokens(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.maxTokens).isNull();
    }
    private static String array(int n, String item) {
        return "[" + String.join(",", java.util.Collections.nCopies(n, item)) + "]";
    }

    private static void assertBad(String json, String param) {
        assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(LlmException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo(param);
        });
    }

    @Test
    void rejectsDataAfterTheJsonBody() {
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]} {}"))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("not valid JSON");
                });
    }

    @Test
    void capsMessagesToolsStopSequencesSystemBlocksAndContentBlocks() {
        String user = "{\"role\":\"user\",\"content\":\"hi\"}";
        String head = "{\"model\":\"m\",\"max_tokens\":5,";
        String oneMessage = "\"messages\":[" + user + "]";
        assertThat(read(head + "\"messages\":" + array(100_000, user) + "}").messages).hasSize(100_000);
        assertBad(head + "\"messages\":" + array(100_001, user) + "}", "messages");
        assertBad(head + oneMessage + ",\"tools\":" + array(129, "{\"name\":\"t\"}") + "}", "tools");
        assertThat(read(head + oneMessage + ",\"stop_sequences\":" + array(4, "\"x\"") + "}").stop).hasSize(4);
        assertBad(head + oneMessage + ",\"stop_sequences\":" + array(5, "\"x\"") + "}", "stop_sequences");
        assertBad(head + oneMessage + ",\"system\":" + array(1001, "{\"type\":\"text\",\"text\":\"s\"}") + "}",
                "system");
        assertBad(head + "\"messages\":[{\"role\":\"user\",\"content\":"
                + array(1001, "{\"type\":\"text\",\"text\":\"t\"}") + "}]}", "messages.0.content");
    }

    @Test
    void rejectsIllTypedStopSequencesStreamAndMaxTokens() {
        String head = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],";
        assertBad(head + "\"max_tokens\":5,\"stop_sequences\":5}", "stop_sequences");
        assertBad(head + "\"max_tokens\":5,\"stop_sequences\":[\"a\",1]}", "stop_sequences");
        assertBad(head + "\"max_tokens\":5,\"stream\":\"true\"}", "stream");
        assertBad(head + "\"max_tokens\":1.5}", "max_tokens");
        assertBad(head + "\"max_tokens\":99999999999}", "max_tokens");
        assertBad(head + "\"max_tokens\":5,\"temperature\":1e400}", "temperature");
    }
}
