package io.llmrouter.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.testing.GeminiBehavior;
import io.llmrouter.testing.GeminiReply;
import org.junit.jupiter.api.Test;

/** Gemini's answers read as OpenAI's: finish reasons, usage with cached tokens, safety blocks, embeddings. */
class GeminiAnswerTest extends GeminiAdapterTestSupport {

    private static final String HELLO = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    @Test
    void readsTextAndUsageWithCachedTokens() throws Exception {
        upstream.on("g", GeminiBehavior.reply(GeminiReply.text("Hello there").withUsage(1200, 2, 1000)));
        ChatResponse r = answer(adapter.chat(model("g"), request(HELLO), options()));
        assertThat(r.firstText()).isEqualTo("Hello there");
        assertThat(r.id).isEqualTo("resp-fake-01");
        assertThat(r.model).isEqualTo("pub-g");
        assertThat(r.choices.get(0).finishReason).isEqualTo("stop");
        assertThat(r.usage.promptTokens).isEqualTo(1200);
        assertThat(r.usage.completionTokens).isEqualTo(2);
        assertThat(r.usage.totalTokens).isEqualTo(1202);
        assertThat(r.usage.cachedTokens()).isEqualTo(1000);
    }

    @Test
    void maxTokensIsLengthAndSafetyIsContentFilter() throws Exception {
        upstream.on("g", GeminiBehavior.reply(GeminiReply.text("Cut short").finishing("MAX_TOKENS")));
        assertThat(answer(adapter.chat(model("g"), request(HELLO), options())).choices.get(0).finishReason)
                .isEqualTo("length");
        for (String reason : new String[] { "SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII" }) {
            upstream.on("g", GeminiBehavior.reply(GeminiReply.text("Partial").finishing(reason)));
            assertThat(answer(adapter.chat(model("g"), request(HELLO), options())).choices.get(0).finishReason)
                    .as(reason).isEqualTo("content_filter");
        }
    }

    @Test
    void aBlockedPromptIsAContentPolicyErrorInOpenAisShape() throws Exception {
        upstream.on("g", GeminiBehavior.blocked("SAFETY"));
        LlmException e = failure(adapter.chat(model("g"), request(HELLO), options()));
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_POLICY);
        assertThat(e.status()).isEqualTo(400);
        JsonNode body = Json.MAPPER.readTree(e.upstreamBody());
        assertThat(body.path("error").path("code").asText()).isEqualTo("content_policy_violation");
        assertThat(body.path("error").path("message").asText()).contains("SAFETY");
    }

    @Test
    void embeddingsUseBatchEmbedContentsWithOneRequestPerInputAndEstimatedUsage() throws Exception {
        EmbeddingResponse r = answer(adapter.embed(model("text-embedding-004"),
                RequestCodec.readEmbedding("{\"input\":[\"first text\",\"second\"],\"dimensions\":4}"), options()));
        assertThat(sent().path()).isEqualTo("/v1beta/models/text-embedding-004:batchEmbedContents");
        JsonNode requests = sent().body().path("requests");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).path("model").asText()).isEqualTo("models/text-embedding-004");
        assertThat(requests.get(1).path("content").path("parts").get(0).path("text").asText()).isEqualTo("second");
        assertThat(requests.get(0).path("outputDimensionality").asInt()).isEqualTo(4);
        assertThat(r.data).hasSize(2);
        assertThat(r.data.get(1).index).isEqualTo(1);
        assertThat(r.data.get(1).embedding.get(0).asDouble()).isEqualTo(1.0);
        assertThat(r.model).isEqualTo("pub-text-embedding-004");
        // "first text" and "second": about four characters a token
        assertThat(r.usage.promptTokens).isEqualTo(3 + 2);
    }

    @Test
    void base64EmbeddingsAreLittleEndianFloats() throws Exception {
        EmbeddingResponse r = answer(adapter.embed(model("text-embedding-004"),
                RequestCodec.readEmbedding("{\"input\":\"one\",\"encoding_format\":\"base64\"}"), options()));
        byte[] bytes = java.util.Base64.getDecoder().decode(r.data.get(0).embedding.asText());
        assertThat(java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat(4))
                .isEqualTo(0.625f);
    }
}
