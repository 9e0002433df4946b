package io.llmrouter.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrouter.api.ChatResponse;
import io.llmrouter.testing.AnthropicBehavior;
import io.llmrouter.testing.AnthropicReply;
import org.junit.jupiter.api.Test;

/** Messages API answers come back as OpenAI chat completions: text, parallel tool calls, stop reasons and usage. */
class AnthropicAnswerTest extends AnthropicAdapterTestSupport {

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    @Test
    void readsTextWithStopReasonAndUsage() throws Exception {
        upstream.on("up-a", AnthropicBehavior.text("Hi! My name is Claude."));
        ChatResponse r = answer(adapter.chat(model("a"), request(HELLO), options()));
        assertThat(r.id).isEqualTo("msg_fake01");
        assertThat(r.model).isEqualTo("pub-a");
        assertThat(r.firstText()).isEqualTo("Hi! My name is Claude.");
        assertThat(r.choices.get(0).message.role).isEqualTo("assistant");
        assertThat(r.choices.get(0).finishReason).isEqualTo("stop");
        assertThat(r.usage.promptTokens).isEqualTo(25);
        assertThat(r.usage.completionTokens).isEqualTo(5);
        assertThat(r.usage.totalTokens).isEqualTo(30);
    }

    @Test
    void readsParallelToolUseAsToolCallsWithJsonArguments() throws Exception {
        upstream.on("up-a", AnthropicBehavior.reply(AnthropicReply.tools("Let me check.",
                "get_weather", "{\"city\":\"Paris\"}", "get_time", "{\"zone\":\"CET\"}")));
        ChatResponse r = answer(adapter.chat(model("a"), request(HELLO), options()));
        var message = r.choices.get(0).message;
        assertThat(message.content.asText()).isEqualTo("Let me check.");
        assertThat(message.toolCalls).hasSize(2);
        assertThat(message.toolCalls.get(0).id).isEqualTo("toolu_01");
        assertThat(message.toolCalls.get(0).type).isEqualTo("function");
        assertThat(message.toolCalls.get(0).function.name).isEqualTo("get_weather");
        assertThat(message.toolCalls.get(0).function.arguments).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(message.toolCalls.get(1).function.name).isEqualTo("get_time");
        assertThat(r.choices.get(0).finishReason).isEqualTo("tool_calls");
    }

    @Test
    void countsCacheReadsAndWritesInPromptTokens() throws Exception {
        upstream.on("up-a", AnthropicBehavior.reply(AnthropicReply.text("Cached.").withUsage(10, 3, 2000, 500)));
        ChatResponse r = answer(adapter.chat(model("a"), request(HELLO), options()));
        assertThat(r.usage.promptTokens).isEqualTo(2510);
        assertThat(r.usage.cachedTokens()).isEqualTo(2000);
        assertThat(r.usage.completionTokens).isEqualTo(3);
        assertThat(r.usage.totalTokens).isEqualTo(2513);
    }

    @Test
    void mapsEveryStopReasonToAFinishReason() {
        assertThat(StopReasons.toFinishReason("end_turn")).isEqualTo("stop");
        assertThat(StopReasons.toFinishReason("stop_sequence")).isEqualTo("stop");
        assertThat(StopReasons.toFinishReason("max_tokens")).isEqualTo("length");
        assertThat(StopReasons.toFinishReason("tool_use")).isEqualTo("tool_calls");
        assertThat(StopReasons.toFinishReason("refusal")).isEqualTo("content_filter");
    }
}
