package io.llmrouter.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import org.junit.jupiter.api.Test;

/** The prompt-cache affinity key follows a conversation from turn to turn and ignores short prompts. */
class PromptPrefixKeyTest {

    private static ChatRequest chat(String system, String... turns) {
        ChatRequest r = new ChatRequest();
        List<ChatMessage> m = new ArrayList<>();
        m.add(ChatMessage.of("system", system));
        for (int i = 0; i < turns.length; i++) {
            m.add(ChatMessage.of(i % 2 == 0 ? "user" : "assistant", turns[i]));
        }
        r.messages = m;
        return r;
    }

    @Test
    void aGrowingConversationKeepsItsKey() {
        String system = "Answer as the house style guide says. ".repeat(50);
        String first = Steer.prefixKey(chat(system, "q1"), 1024);
        assertThat(first).isNotNull();
        assertThat(Steer.prefixKey(chat(system, "q1", "a1", "q2"), 1024)).isEqualTo(first);
        assertThat(Steer.prefixKey(chat(system, "q1", "a1", "q2", "a2", "q3"), 1024)).isEqualTo(first);
        assertThat(Steer.prefixKey(chat(system.replace("house", "other"), "q1"), 1024)).isNotEqualTo(first);
    }

    @Test
    void noKeyForAShortPrefixOrWhenOff() {
        assertThat(Steer.prefixKey(chat("Be brief.", "q1"), 1024)).isNull();
        assertThat(Steer.prefixKey(chat("x".repeat(5000), "q1"), 0)).isNull();
        assertThat(Steer.prefixKey(chat("x".repeat(5000)), 1024)).isNull();
    }
}
