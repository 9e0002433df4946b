package io.llmrouter.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.api.Test;

/** What the adapter sends upstream (name, key, fields) and how answers come back under the public id. */
class OpenAiAdapterRequestTest extends OpenAiAdapterTestSupport {

    @Test
    void returnsAPlainAnswerWithUsageUnderThePublicModelId() throws Exception {
        upstream.on("up-a", Behavior.text("Hi there"));

        ChatResponse r = answer(adapter.chat(model("a"), request(HELLO), options()));

        assertThat(r.firstText()).isEqualTo("Hi there");
        assertThat(r.model).isEqualTo("pub-a");
        assertThat(r.id).isEqualTo("chatcmpl-fake");
        assertThat(r.choices.get(0).finishReason).isEqualTo("stop");
        assertThat(r.usage.promptTokens).isEqualTo(10);
        assertThat(r.usage.completionTokens).isEqualTo(2);
        assertThat(r.usage.totalTokens).isEqualTo(12);
        assertThat(r.systemFingerprint).isEqualTo("fp_fake");
    }

    @Test
    void sendsTheUpstreamModelNameTheKeyAndTheCallersUnknownFields() throws Exception {
        answer(adapter.chat(model("a"), request("{\"model\":\"pub-a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\","
                + "\"x_msg\":1}],\"logit_bias\":{\"50256\":-100},\"temperature\":0.2}"), options()));

        FakeOpenAiUpstream.Received seen = upstream.requests("up-a").get(0);
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(seen.headers().get("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(seen.headers().get("content-type")).startsWith("application/json");
        assertThat(seen.body().path("model").asText()).isEqualTo("up-a");
        assertThat(seen.body().path("logit_bias").path("50256").asInt()).isEqualTo(-100);
        assertThat(seen.body().path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(seen.body().at("/messages/0/x_msg").asInt()).isEqualTo(1);
        assertThat(seen.body().has("stream")).isFalse();
    }

    @Test
    void dropsTheRouterOnlyFieldsFromWhatItSends() throws Exception {
        answer(adapter.chat(model("a"), request("{\"model\":\"pub-a\",\"models\":[\"pub-a\",\"pub-b\"],"
                + "\"fallbacks\":[\"pub-c\"],\"router\":{\"strategy\":\"x\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));

        JsonNode body = upstream.requests("up-a").get(0).body();
        assertThat(body.has("models")).isFalse();
        assertThat(body.has("fallbacks")).isFalse();
        assertThat(body.has("router")).isFalse();
    }

    @Test
    void sendsNoAuthorizationWhenTheProviderHasNoKey() throws Exception {
        var keyless = new io.llmrouter.catalog.Provider("local", provider.type(), provider.baseUrl(), null, null,
                java.util.Map.of("X-Title", "llmrouter-test"), provider.connectTimeout(), provider.requestTimeout(),
                null, java.util.Set.of(), null);

        answer(adapter.chat(io.llmrouter.testing.FakeCatalog.openAi(keyless, "pub-a", "up-a"), request(HELLO), options()));

        FakeOpenAiUpstream.Received seen = upstream.requests("up-a").get(0);
        assertThat(seen.headers()).doesNotContainKey("authorization");
        assertThat(seen.headers()).containsEntry("x-title", "llmrouter-test");
    }

    @Test
    void streamsChunksUnderThePublicModelIdAndCompletesOnDone() throws Exception {
        upstream.on("up-a", Behavior.text("one two three"));

        StreamRecorder r = stream(model("a"), "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                options());
        r.end().get(10, TimeUnit.SECONDS);

        assertThat(r.text()).isEqualTo("one two three");
        assertThat(r.chunks()).extracting(c -> c.model).containsOnly("pub-a");
        assertThat(r.chunks().get(0).choices.get(0).delta.role).isEqualTo("assistant");
        assertThat(r.endings()).containsExactly("complete");
    }

    @Test
    void forcesIncludeUsageUpstreamWhenStreamingAndPassesTheUsageChunkOn() throws Exception {
        StreamRecorder r = stream(model("a"), "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                options());
        r.end().get(10, TimeUnit.SECONDS);

        JsonNode sent = upstream.requests("up-a").get(0).body();
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
        ChatChunk last = r.chunks().get(r.chunks().size() - 1);
        assertThat(last.usageOnly()).isTrue();
        assertThat(last.usage.promptTokens).isEqualTo(10);
    }

    @Test
    void keepsTheCallersOtherStreamOptionsWhenForcingUsage() throws Exception {
        StreamRecorder r = stream(model("a"), "{\"stream\":true,\"stream_options\":{\"include_usage\":false,"
                + "\"x_chunking\":\"words\"},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", options());
        r.end().get(10, TimeUnit.SECONDS);

        JsonNode options = upstream.requests("up-a").get(0).body().path("stream_options");
        assertThat(options.path("include_usage").asBoolean()).isTrue();
        assertThat(options.path("x_chunking").asText()).isEqualTo("words");
    }

    @Test
    void sendsStreamOnlyWhenStreaming() throws Exception {
        answer(adapter.chat(model("a"), request("{\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));

        JsonNode sent = upstream.requests("up-a").get(0).body();
        assertThat(sent.has("stream")).isFalse();
        assertThat(sent.has("stream_options")).isFalse();
    }

    @Test
    void embedsThroughTheEmbeddingsPathUnderThePublicModelId() throws Exception {
        EmbeddingRequest req = RequestCodec.readEmbedding("{\"model\":\"pub-e\",\"input\":[\"a\",\"b\"],\"x_e\":1}");

        EmbeddingResponse r = answer(adapter.embed(model("e"), req, options()));

        assertThat(r.model).isEqualTo("pub-e");
        assertThat(r.data).hasSize(2);
        assertThat(r.data.get(0).embedding.size()).isEqualTo(3);
        FakeOpenAiUpstream.Received seen = upstream.requests("up-e").get(0);
        assertThat(seen.path()).isEqualTo("/v1/embeddings");
        assertThat(seen.body().path("x_e").asInt()).isEqualTo(1);
        assertThat(seen.headers().get("authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void losesNoEventOfFastStreamsStartedFromAnyThread() throws Exception {
        upstream.on("up-fast", Behavior.text("quick answer"));
        for (int i = 0; i < 40; i++) {
            StreamRecorder r = stream(model("fast"), "{\"stream\":true,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"Hi\"}]}", options());
            r.end().get(10, TimeUnit.SECONDS);
            assertThat(r.text()).as("stream %d", i).isEqualTo("quick answer");
        }
    }

    @Test
    void losesNoBodyOfFastPlainAnswers() throws Exception {
        upstream.on("up-fast", Behavior.text("quick answer"));
        for (int i = 0; i < 40; i++) {
            assertThat(answer(adapter.chat(model("fast"), request(HELLO), options())).firstText()).isEqualTo("quick answer");
        }
    }
}
