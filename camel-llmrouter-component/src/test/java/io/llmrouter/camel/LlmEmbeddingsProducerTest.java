package io.llmrouter.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** {@code llm:embeddings} embeds a request, JSON, a String or a List of Strings, answering in a matching form. */
class LlmEmbeddingsProducerTest extends LlmCamelTestSupport {

    @Override
    protected RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:embed").to("llm:embeddings?model=embed-a");
                from("direct:embed-any").to("llm:embeddings");
            }
        };
    }

    @Test
    void answersAnEmbeddingRequestWithAnEmbeddingResponseAndHeaders() {
        EmbeddingRequest req = new EmbeddingRequest();
        req.input = Json.MAPPER.getNodeFactory().textNode("hello");

        Exchange ex = template.request("direct:embed", e -> e.getMessage().setBody(req));

        EmbeddingResponse r = ex.getMessage().getBody(EmbeddingResponse.class);
        assertThat(r.model).isEqualTo("embed-a");
        assertThat(r.data).hasSize(1);
        assertThat(ex.getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("embed-a");
        assertThat(ex.getMessage().getHeader(LlmHeaders.PROMPT_TOKENS)).isEqualTo(5);
        assertThat(ex.getMessage().getHeader(LlmHeaders.COST_USD, Double.class)).isCloseTo(5 * 0.1 / 1e6, within(1e-12));
        assertThat(upstream.requests("up-embed").get(0).path()).isEqualTo("/v1/embeddings");
    }

    @Test
    void embedsAPlainStringAndAnswersWithJson() throws Exception {
        Object body = template.requestBody("direct:embed", "some text");

        JsonNode r = Json.MAPPER.readTree((String) body);
        assertThat(r.path("object").asText()).isEqualTo("list");
        assertThat(r.at("/data/0/embedding").size()).isEqualTo(3);
        assertThat(upstream.requests("up-embed").get(0).body().path("input").asText()).isEqualTo("some text");
    }

    @Test
    void embedsAListOfStringsOneVectorEach() throws Exception {
        Object body = template.requestBody("direct:embed", List.of("a", "b", "c"));

        assertThat(Json.MAPPER.readTree((String) body).path("data").size()).isEqualTo(3);
    }

    @Test
    void answersJsonBytesWithJsonBytes() throws Exception {
        Object body = template.requestBody("direct:embed",
                "{\"input\":[\"x\",\"y\"],\"encoding_format\":\"float\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(body).isInstanceOf(byte[].class);
        assertThat(Json.MAPPER.readTree((byte[]) body).path("data").size()).isEqualTo(2);
        assertThat(upstream.requests("up-embed").get(0).body().path("encoding_format").asText()).isEqualTo("float");
    }

    @Test
    void picksAnEmbeddingModelWhenNoneIsNamed() throws Exception {
        Exchange ex = template.request("direct:embed-any", e -> e.getMessage().setBody("text"));

        assertThat(ex.getException()).isNull();
        assertThat(ex.getMessage().getHeader(LlmHeaders.MODEL)).isEqualTo("embed-a");
    }

    @Test
    void rejectsAnEmptyInputList() {
        Exchange ex = template.request("direct:embed", e -> e.getMessage().setBody(List.of()));

        assertThat(ex.getException()).isInstanceOfSatisfying(LlmException.class,
                e -> assertThat(e.param()).isEqualTo("input"));
        assertThat(upstream.requests()).isEmpty();
    }
}
