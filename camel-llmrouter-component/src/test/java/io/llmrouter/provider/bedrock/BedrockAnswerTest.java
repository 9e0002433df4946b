package io.llmrouter.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.ToolCall;
import io.llmrouter.testing.BedrockBehavior;
import io.llmrouter.testing.BedrockReply;
import org.junit.jupiter.api.Test;

/** Converse answers become OpenAI chat completions: text, tool calls, finish reasons and usage. */
class BedrockAnswerTest extends BedrockAdapterTestSupport {

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    @Test
    void readsTextFinishReasonAndUsage() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.reply(BedrockReply.text("Bonjour à vous").withUsage(12, 4, 100)));
        ChatResponse r = answer(adapter.chat(model("a"), request(HELLO), options()));
        assertThat(r.firstText()).isEqualTo("Bonjour à vous");
        assertThat(r.id).isEqualTo("chatcmpl-req-fake-0001");
        assertThat(r.model).isEqualTo("pub-a");
        assertThat(r.choices.get(0).message.role).isEqualTo("assistant");
        assertThat(r.choices.get(0).finishReason).isEqualTo("stop");
        assertThat(r.usage.promptTokens).isEqualTo(112);
        assertThat(r.usage.cachedTokens()).isEqualTo(100);
        assertThat(r.usage.completionTokens).isEqualTo(4);
        assertThat(r.usage.totalTokens).isEqualTo(116);
    }

    @Test
    void readsToolUseBlocksAsToolCalls() throws Exception {
        upstream.on(upstreamId("a"), BedrockBehavior.reply(BedrockReply.tools("Checking.",
                "get_weather", "{\"city\":\"Paris\"}", "get_time", "{\"zone\":\"CET\"}")));
        ChatResponse r = answer(adapter.chat(model("a"), request(HELLO), options()));
        assertThat(r.firstText()).isEqualTo("Checking.");
        assertThat(r.choices.get(0).finishReason).isEqualTo("tool_calls");
        assertThat(r.choices.get(0).message.toolCalls).extracting(c -> c.id).containsExactly("tooluse_01", "tooluse_02");
        ToolCall first = r.choices.get(0).message.toolCalls.get(0);
        assertThat(first.type).isEqualTo("function");
        assertThat(first.function.name).isEqualTo("get_weather");
        assertThat(first.function.arguments).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void mapsStopReasonsToFinishReasons() throws Exception {
        String[][] pairs = { { "stop_sequence", "stop" }, { "max_tokens", "length" },
                { "content_filtered", "content_filter" }, { "guardrail_intervened", "content_filter" } };
        for (String[] pair : pairs) {
            upstream.on(upstreamId("a"), BedrockBehavior.reply(BedrockReply.text("Hi").withStopReason(pair[0])));
            ChatResponse r = answer(adapter.chat(model("a"), request(HELLO), options()));
            assertThat(r.choices.get(0).finishReason).as(pair[0]).isEqualTo(pair[1]);
        }
    }

    @Test
    void aBodyThatIsNotAConverseAnswerIsMalformed() throws Exception {
        upstream.on(upstreamId("a"), call -> call.request().response().putHeader("content-type", "application/json")
                .end("{\"unexpected\":true}"));
        assertThat(failure(adapter.chat(model("a"), request(HELLO), options())).kind())
                .isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    }
}
