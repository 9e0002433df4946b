package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import org.junit.jupiter.api.Test;

/**
 * Every way a caller's request can be wrong is answered with OpenAI's error JSON and the right status, never a 500 or a
 * stack trace, and nothing reaches the upstream.
 */
class RequestErrorsTest extends GatewayTestSupport {

    @Test
    void malformedJsonIsA400() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", "{\"model\":\"model-a\",\"messages\":[{"), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).startsWith("We could not parse the JSON body of your request");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void missingMessagesIsA400NamingMessages() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", "{\"model\":\"model-a\"}"), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("messages");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void illTypedFieldIsA400NamingTheField() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", chat("model-a", "\"temperature\":\"hot\"")), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("temperature");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void outOfRangeFieldIsA400NamingTheField() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", chat("model-a", "\"temperature\":7")), 400);

        assertThat(error.path("param").asText()).isEqualTo("temperature");
    }

    @Test
    void bodyOverTheLimitIsA413() throws Exception {
        String big = "x".repeat(70 * 1024);

        JsonNode error = assertOpenAiError(post("/v1/chat/completions",
                "{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}"), 413);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("request_too_large");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void unknownModelIsA404ModelNotFound() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", chat("no-such-model", null)), 404);

        assertThat(error.path("code").asText()).isEqualTo("model_not_found");
        assertThat(error.path("param").asText()).isEqualTo("model");
        assertThat(error.path("message").asText()).contains("no-such-model");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void emptyBodyIsA400() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", ""), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void jsonArrayInsteadOfAnObjectIsA400() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/chat/completions", "[{\"model\":\"model-a\"}]"), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("JSON object");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void getOnChatCompletionsIsA405() throws Exception {
        JsonNode error = assertOpenAiError(send("GET", "/v1/chat/completions", null), 405);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void putOnChatCompletionsIsA405() throws Exception {
        HttpResponse<String> r = send("PUT", "/v1/chat/completions", chat("model-a", null));

        assertOpenAiError(r, 405);
        assertThat(r.headers().firstValue("allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void anUnknownUrlIsA404InOpenAiShape() throws Exception {
        HttpResponse<String> r = get("/v1/nothing-here");
        assertThat(assertOpenAiError(r, 404).path("code").asText()).isEqualTo("unknown_url");
    }

    @Test
    void postingToAReadOnlyPathIsA405InOpenAiShape() throws Exception {
        HttpResponse<String> r = post("/v1/models", "{}");
        assertOpenAiError(r, 405);
        assertThat(r.headers().firstValue("allow")).contains("GET");
    }

    @Test
    void textPlainBodyIsA415NamingTheContentType() throws Exception {
        JsonNode error = assertOpenAiError(postAs("/v1/chat/completions", "text/plain", chat("model-a", null)), 415);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("unsupported_media_type");
        assertThat(error.path("message").asText()).contains("text/plain");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aContentTypeItWillNotTakeIsA415BeforeTheBodyIsSent() throws Exception {
        assertThat(GatewayFixture.statusBeforeTheBody(gateway.port(), "text/plain")).isEqualTo("HTTP/1.1 415 Unsupported Media Type");
    }

    @Test
    void formAndMultipartBodiesAreA415() throws Exception {
        assertThat(assertOpenAiError(postAs("/v1/embeddings", "application/x-www-form-urlencoded",
                "{\"model\":\"embed-a\",\"input\":\"x\"}"), 415).path("message").asText())
                .contains("application/x-www-form-urlencoded");
        assertThat(assertOpenAiError(postAs("/v1/route", "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz--\r\n"), 415)
                .path("message").asText()).contains("multipart/form-data");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aNonJsonBodyOnTheMessagesApiIsA415InAnthropicsShape() throws Exception {
        HttpResponse<String> r = postAs("/v1/messages", "text/plain",
                "{\"model\":\"claude-a\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(415);
        JsonNode body = json(r);
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("text/plain");
        assertThat(anthropic.requests()).isEmpty();
    }

    @Test
    void jsonWithACharsetParameterIsAccepted() throws Exception {
        HttpResponse<String> r = postAs("/v1/chat/completions", "Application/JSON; charset=UTF-8",
                chat("model-a", null));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void jsonInAnotherCharsetIsA415() throws Exception {
        assertThat(assertOpenAiError(postAs("/v1/chat/completions", "application/json; charset=ISO-8859-1",
                chat("model-a", null)), 415).path("message").asText()).contains("charset");
    }

    @Test
    void aBodyWithoutContentTypeIsReadAsJson() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(chat("model-a", null))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aBadChunkSizeIsA400InOpenAiShapeAndTheConnectionIsClosed() throws Exception {
        String answer = rawExchange("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"mod\r\nZZZ-not-hex\r\nxx\r\n0\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("connection: close");
        JsonNode error = Json.MAPPER.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("chunk");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aMalformedRequestLineIsA400InOpenAiShape() throws Exception {
        String answer = rawExchange("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: nope\r\n\r\n{}");

        assertThat(answer).startsWith("HTTP/1.1 400");
        JsonNode error = Json.MAPPER.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void headersOverTheLimitAreA431InOpenAiShape() throws Exception {
        String answer = rawExchange("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000)
                + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 431");
        assertThat(answer).contains("\"invalid_request_error\"");
    }

    private static HttpResponse<String> postAs(String path, String contentType, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends raw bytes and reads all the gateway answers until it closes the connection (within a generous bound). */
    private static String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                seen.write(buffer, 0, n);
            }
            return seen.toString(StandardCharsets.UTF_8);
        }
    }
}
