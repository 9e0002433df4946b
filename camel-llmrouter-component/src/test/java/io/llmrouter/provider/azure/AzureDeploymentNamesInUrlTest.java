package io.llmrouter.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deployment name is one escaped path segment under {@code /openai/deployments/}: it can neither leave that prefix
 * nor add to the query, which holds only the api-version; spaces are {@code %20} (a {@code +} in a path is a plus).
 */
class AzureDeploymentNamesInUrlTest extends AzureAdapterTestSupport {

    private static final String HI = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../../evil       | ..%2F..%2Fevil",
            "..               | %2E%2E",
            "x?api-version=1&api-key=y# | x%3Fapi-version%3D1%26api-key%3Dy%23",
            "'my gpt+4'       | my%20gpt%2B4",
            "100%             | 100%25",
            "déploiement-模型  | d%C3%A9ploiement-%E6%A8%A1%E5%9E%8B",
            "gpt4o-prod       | gpt4o-prod" })
    void aChatSendsTheDeploymentAsOneEscapedSegmentWithOnlyTheApiVersionInTheQuery(String name, String segment)
            throws Exception {
        answer(adapter.chat(deployment(name), request(HI), options()));

        assertThat(upstream.uris()).containsExactly(
                "/openai/deployments/" + segment + "/chat/completions?api-version=" + API_VERSION);
        assertThat(sent().model()).as("the deployment Azure reads from the path").isEqualTo(name);
        assertThat(sent().headers()).containsEntry("api-key", KEY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../../evil | ..%2F..%2Fevil",
            "'x y#'     | x%20y%23" })
    void streamsAndEmbeddingsEscapeTheDeploymentToo(String name, String segment) throws Exception {
        StreamRecorder r = stream(deployment(name), HI, options());
        r.end().get(10, TimeUnit.SECONDS);
        EmbeddingRequest embed = RequestCodec.readEmbedding("{\"input\":\"one\"}");
        answer(adapter.embed(deployment(name), embed, options()));

        assertThat(r.endings()).containsExactly("complete");
        assertThat(upstream.uris()).containsExactly(
                "/openai/deployments/" + segment + "/chat/completions?api-version=" + API_VERSION,
                "/openai/deployments/" + segment + "/embeddings?api-version=" + API_VERSION);
    }
}
