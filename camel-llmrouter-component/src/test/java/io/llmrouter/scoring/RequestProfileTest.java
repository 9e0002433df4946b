package io.llmrouter.scoring;

import static io.llmrouter.scoring.ScoringFixtures.ask;
import static io.llmrouter.scoring.ScoringFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.llmrouter.api.ContentPart;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.ResponseFormat;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import org.junit.jupiter.api.Test;

/** The profile counts tokens with the right tokenizer per model family and derives the capabilities a request needs. */
class RequestProfileTest {

    @Test
    void countsOpenAiModelsWithTheirRealTokenizer() {
        // "hello world" is 2 tokens in both o200k_base and cl100k_base; plus 3 per message and 3 per request
        RequestProfile p = ScoringFixtures.profile("hello world");
        assertThat(p.promptTokens(model("gpt-4o-mini", 1.0, 1.0, null))).isEqualTo(2 + 3 + 3);
        assertThat(p.promptTokens(model("gpt-4", 1.0, 1.0, null))).isEqualTo(2 + 3 + 3);
        // a string where the two BPEs differ: o200k has larger merges for this
        String text = "Die Wahrscheinlichkeitsrechnung ist ein Teilgebiet der Mathematik.";
        RequestProfile q = ScoringFixtures.profile(text);
        assertThat(q.promptTokens(model("gpt-4o", 1.0, 1.0, null)))
                .isNotEqualTo(q.promptTokens(model("gpt-4-turbo", 1.0, 1.0, null)));
    }

    @Test
    void approximatesOtherModelsAtFourCharactersAToken() {
        RequestProfile p = ScoringFixtures.profile("x".repeat(400));
        assertThat(p.promptTokens(model("llama-3.1-8b-instant", 1.0, 1.0, null))).isEqualTo(100 + 3 + 3);
        assertThat(p.promptTokens(model("groq/llama-3.3-70b", 1.0, 1.0, null))).isEqualTo(100 + 3 + 3);
    }

    @Test
    void countsAnImageAsAFixedNumberOfTokens() {
        var r = ask("x");
        r.messages.get(0).content = MessageContent.parts(List.of(ContentPart.image("https://example.com/a.png")));
        RequestProfile p = RequestProfile.of(r, Preferences.NONE);
        assertThat(p.promptTokens(model("m", 1.0, 1.0, null))).isEqualTo(RequestProfile.IMAGE_TOKENS + 3 + 3);
        assertThat(p.needs()).contains(Capability.VISION);
    }

    @Test
    void derivesStructuredOutputJsonModeAndStreamingNeeds() {
        var r = ask("x");
        r.responseFormat = new ResponseFormat();
        r.responseFormat.type = "json_schema";
        r.stream = true;
        assertThat(RequestProfile.of(r, Preferences.NONE).needs())
                .containsExactlyInAnyOrder(Capability.CHAT, Capability.JSON_SCHEMA, Capability.STREAMING);
        r.responseFormat.type = "json_object";
        r.stream = null;
        assertThat(RequestProfile.of(r, Preferences.NONE).needs())
                .containsExactlyInAnyOrder(Capability.CHAT, Capability.JSON_MODE);
    }

    @Test
    void expectsTheRequestedOutputCappedByTheModelAndPricesIt() {
        var r = ask("hello world");
        r.maxCompletionTokens = 1000;
        RequestProfile p = RequestProfile.of(r, Preferences.NONE);
        Deployment d = model("gpt-4o", 2.5, 10.0, null);
        assertThat(p.expectedOutputTokens(d)).isEqualTo(1000);
        assertThat(p.expectedCost(d)).isEqualTo((8 * 2.5 + 1000 * 10.0) / 1e6);
        assertThat(p.contextNeeded(d)).isEqualTo(1008);
        assertThat(ScoringFixtures.profile("x").expectedOutputTokens(d)).isEqualTo(RequestProfile.DEFAULT_EXPECTED_OUTPUT);
        assertThat(Double.isNaN(p.expectedCost(model("free", null, null, null)))).isTrue();
    }

    @Test
    void theUpperBoundIsNeverBelowTheRealCount() {
        String text = "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(20);
        RequestProfile p = ScoringFixtures.profile(text);
        assertThat(p.promptTokensUpperBound()).isGreaterThanOrEqualTo(p.promptTokens(model("gpt-4o", 1.0, 1.0, null)));
    }
}
