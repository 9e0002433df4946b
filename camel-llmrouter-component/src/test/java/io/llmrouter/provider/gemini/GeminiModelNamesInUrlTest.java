package io.llmrouter.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.RequestCodec;
import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A wildcard name is the caller's text: it becomes exactly one escaped path segment, so it can neither leave
 * {@code /v1beta/models/} nor add a query (the key stays in its header), and a space or a non-ASCII letter is sent
 * rather than left to hang the connection.
 */
class GeminiModelNamesInUrlTest extends GeminiAdapterTestSupport {

    private static final String HI = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../../evil        | ..%2F..%2Fevil",
            "..                | %2E%2E",
            "x?alt=1&key=y#    | x%3Falt%3D1%26key%3Dy%23",
            "'x y'             | x%20y",
            "100%              | 100%25",
            "modèle-ü-模型      | mod%C3%A8le-%C3%BC-%E6%A8%A1%E5%9E%8B",
            "gemini-2.0-flash  | gemini-2.0-flash" })
    void aChatSendsTheNameAsOneEscapedSegmentAndTheKeyOnlyInItsHeader(String name, String segment) throws Exception {
        answer(adapter.chat(model(name), request(HI), options()));

        assertThat(upstream.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/v1beta/models/" + segment + ":generateContent");
            assertThat(r.model()).as("the name Gemini reads from the path").isEqualTo(name);
            assertThat(r.headers()).containsEntry("x-goog-api-key", KEY);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../../evil     | ..%2F..%2Fevil",
            "x?alt=1&key=y# | x%3Falt%3D1%26key%3Dy%23",
            "'x y'          | x%20y" })
    void aStreamKeepsOnlyItsOwnQuery(String name, String segment) throws Exception {
        StreamRecorder r = stream(model(name), HI, options());
        r.end().get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(r.endings()).containsExactly("complete");
        assertThat(sent().path()).isEqualTo("/v1beta/models/" + segment + ":streamGenerateContent?alt=sse");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../../evil | ..%2F..%2Fevil",
            "'x y'      | x%20y" })
    void embeddingsEscapeTheNameInThePathAndNameItUnescapedInTheBody(String name, String segment) throws Exception {
        EmbeddingRequest request = RequestCodec.readEmbedding("{\"input\":\"one\"}");
        answer(adapter.embed(model(name), request, options()));

        assertThat(sent().path()).isEqualTo("/v1beta/models/" + segment + ":batchEmbedContents");
        assertThat(sent().body().path("requests").get(0).path("model").asText()).isEqualTo("models/" + name);
    }
}
