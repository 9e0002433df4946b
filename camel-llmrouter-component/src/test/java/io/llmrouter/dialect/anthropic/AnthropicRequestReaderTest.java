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
}
