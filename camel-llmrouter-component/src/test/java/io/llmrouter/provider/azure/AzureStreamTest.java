package io.llmrouter.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.ToolCall;
import io.llmrouter.provider.CallOptions;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeAzureUpstream;
import io.llmrouter.testing.StreamRecorder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Azure's streams reach the caller as OpenAI chunks: filter annotations dropped, a content_filter finish kept. */
class AzureStreamTest extends AzureAdapterTestSupport {

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"stream\":true}";

    @Test
    void streamsTextAfterThePromptFilterAnnotationThenTheUsage() throws Exception {
        upstream.on("dep", FakeAzureUpstream.stream("Hello from Azure", "stop"));
        StreamRecorder r = stream(deployment("dep"), HELLO, options());
        r.end().get(10, TimeUnit.SECONDS);

        List<ChatChunk> chunks = r.chunks();
        assertThat(r.text()).isEqualTo("Hello from Azure");
        // the choice-less prompt_filter_results chunk is no first token: the role chunk comes first
        assertThat(chunks.get(0).choices.get(0).delta.role).isEqualTo("assistant");
        assertThat(chunks).allSatisfy(c -> assertThat(c.model).isEqualTo("pub-dep"));
        assertThat(chunks.get(chunks.size() - 2).choices.get(0).finishReason).isEqualTo("stop");
        ChatChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.usageOnly()).isTrue();
        assertThat(last.usage.completionTokens).isEqualTo(3);
        // usage is always asked for, so that streamed spend is never zero
        assertThat(sent().body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(upstream.uris().get(0)).startsWith("/openai/deployments/dep/chat/completions?api-version=");
    }

    @Test
    void aContentFilterFinishPassesThroughAsSuch() throws Exception {
        upstream.on("dep", FakeAzureUpstream.stream("The first part", "content_filter"));
        StreamRecorder r = stream(deployment("dep"), HELLO, options());
        r.end().get(10, TimeUnit.SECONDS);
        List<ChatChunk> chunks = r.chunks();
        assertThat(chunks.get(chunks.size() - 2).choices.get(0).finishReason).isEqualTo("content_filter");
        assertThat(r.endings()).containsExactly("complete");
    }

    @Test
    void streamsToolCallDeltas() throws Exception {
        upstream.on("dep", Behavior.toolCall("get_weather", "{\"city\":\"Paris\"}"));
        StreamRecorder r = stream(deployment("dep"), HELLO, options());
        r.end().get(10, TimeUnit.SECONDS);
        StringBuilder args = new StringBuilder();
        String name = null;
        for (ChatChunk c : r.chunks()) {
            if (!c.choices.isEmpty() && c.choices.get(0).delta.toolCalls != null) {
                for (ToolCall call : c.choices.get(0).delta.toolCalls) {
                    name = call.function.name != null ? call.function.name : name;
                    args.append(call.function.arguments);
                }
            }
        }
        assertThat(name).isEqualTo("get_weather");
        assertThat(args.toString()).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void cancellingResetsTheUpstreamRequest() throws Exception {
        upstream.on("dep", Behavior.hang());
        CallOptions options = options();
        StreamRecorder r = stream(deployment("dep"), HELLO, options);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.requests().isEmpty());
        options.cancel().cancel();
        try {
            r.end().get(10, TimeUnit.SECONDS);
            throw new AssertionError("the stream completed normally");
        } catch (ExecutionException e) {
            assertThat(((LlmException) e.getCause()).kind().retryable()).isTrue();
            assertThat(r.endings()).hasSize(1);
        }
    }
}
