package io.llmrouter.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenAI-compatible servers take the model in the body: whatever a wildcard name holds, the path is the operation's
 * own and the name reaches the server unchanged as JSON text.
 */
class OpenAiModelNamesStayInTheBodyTest extends OpenAiAdapterTestSupport {

    private static final String HI = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @ParameterizedTest
    @ValueSource(strings = { "../../evil", "..", "x?alt=1&key=y#", "x y", "100%", "modèle-模型", "meta-llama/Llama-3" })
    void theModelGoesInTheBodyAndThePathIsTheOperations(String name) throws Exception {
        answer(adapter.chat(model(name), request(HI), options()));
        StreamRecorder r = new StreamRecorder();
        adapter.stream(model(name), request(HI), options(), r);
        r.end().get(10, TimeUnit.SECONDS);

        assertThat(r.endings()).containsExactly("complete");
        assertThat(upstream.requests()).hasSize(2).allSatisfy(sent -> {
            assertThat(sent.path()).isEqualTo("/v1/chat/completions");
            assertThat(sent.body().path("model").asText()).isEqualTo("up-" + name);
        });
    }
}
