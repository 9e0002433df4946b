package io.llmrouter.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.RequestCodec;
import org.junit.jupiter.api.Test;

/** Requests no model can take fail before anything is sent, with a status and a message that say why. */
class CandidateSelectionErrorsTest extends EngineTestSupport {

    private static final String TOOL = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}]";

    @Test
    void answersModelNotFoundWith404ForAnUnknownModel() throws Exception {
        LlmException e = failure(() -> engine.chat(request("{\"model\":\"gpt-nope\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}"), options()));

        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.param()).isEqualTo("model");
        assertThat(e.getMessage()).contains("'gpt-nope' does not exist");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void answersModelNotFoundForAnUnknownFallback() throws Exception {
        LlmException e = failure(() -> engine.chat(request("{\"model\":\"model-a\",\"fallbacks\":[\"nope\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), options()));

        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void answersNoCandidateWith400WhenTheModelCannotUseTools() throws Exception {
        LlmException e = failure(() -> engine.chat(request("{\"model\":\"model-plain\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]" + TOOL + "}"), options()));

        assertThat(e.kind()).isEqualTo(ErrorKind.NO_CANDIDATE);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("no_capable_model");
        assertThat(e.getMessage()).contains("model-plain does not support tools");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void skipsCandidatesWithoutTheNeededCapabilityAndUsesTheOthers() throws Exception {
        Routed<?> r = answer(engine.chat(request("{\"models\":[\"model-plain\",\"model-a\"],\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"Hi\"}]" + TOOL + "}"), options()));

        assertThat(r.deployment().id()).isEqualTo("model-a");
        assertThat(r.ranking().excluded()).singleElement()
                .satisfies(x -> assertThat(x.reason()).isEqualTo("does not support tools"));
        assertThat(upstream.attempts("up-plain")).isZero();
    }

    @Test
    void answersNoCandidateForAnImageSentToAModelWithoutVision() throws Exception {
        LlmException e = failure(() -> engine.chat(request("{\"model\":\"model-b\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}"), options()));

        assertThat(e.kind()).isEqualTo(ErrorKind.NO_CANDIDATE);
        assertThat(e.getMessage()).contains("vision");
    }

    @Test
    void answers400NamingTheStrategyParamForAnUnknownStrategy() throws Exception {
        LlmException e = failure(() -> engine.chat(request("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                options(null, List.of(), "cheapest-ever")));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.param()).isEqualTo("strategy");
        assertThat(e.getMessage()).contains("'cheapest-ever'");
    }

    @Test
    void answersModelNotFoundForAnEmbeddingModelThatDoesNotExist() throws Exception {
        LlmException e = failure(() -> engine.embed(RequestCodec.readEmbedding("{\"model\":\"nope\",\"input\":\"x\"}"),
                options()));

        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
    }

    @Test
    void refusesAChatModelForEmbeddings() throws Exception {
        LlmException e = failure(() -> engine.embed(RequestCodec.readEmbedding("{\"model\":\"model-a\",\"input\":\"x\"}"),
                options()));

        assertThat(e.kind()).isEqualTo(ErrorKind.NO_CANDIDATE);
        assertThat(e.getMessage()).contains("embeddings");
    }
}
