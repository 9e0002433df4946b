package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections that hold the gateway without using it are closed: one that never finishes its headers after the header
 * read timeout, a kept-alive one with nothing in flight after the idle timeout; a request in flight is never cut, however
 * long its upstream stays silent. Raw sockets, so the test sees exactly when the gateway closes.
 */
class ConnectionLimitsTest {

    private static final long HEADER_READ_MILLIS = 500;
    private static final long IDLE_MILLIS = 700;
    private static final long BODY_READ_MILLIS = 600;
    /** Far beyond both timeouts: a connection still open after this was not going to be closed. */
    private static final int DOES_NOT_HANG_MILLIS = 15_000;

    private FakeOpenAiUpstream upstream;
    private Gateway gateway;
    private Path catalog;

    private void start(int port) throws Exception {
        upstream = FakeOpenAiUpstream.start();
        catalog = Files.createTempFile("catalog", ".yaml");
        Files.writeString(catalog, """
                providers:
                  - id: fake
                    type: openai
                    base_url: %s
                    api_key_env: FAKE_KEY
                models:
                  - id: slow
                    provider: fake
                    upstream: up-slow
                    capabilities: [chat, streaming]
                """.formatted(upstream.baseUrl()));
        gateway = new Gateway(new GatewayOptions(port, catalog.toString(), null, 64 * 1024, HEADER_READ_MILLIS,
                IDLE_MILLIS, GatewayOptions.DEFAULT_MAX_IN_FLIGHT, GatewayOptions.DEFAULT_EVENT_LOOPS, BODY_READ_MILLIS),
                Map.of("FAKE_KEY", "sk-test")::get, Map.of()).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (catalog != null) {
            Files.deleteIfExists(catalog);
        }
    }

    @Test
    void aConnectionThatNeverFinishesItsHeadersIsClosedAfterTheHeaderReadTimeout() throws Exception {
        start(0);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertClosedByTheGateway(socket);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHeaderReadTimeout() throws Exception {
        start(0);
        try (Socket socket = connect()) {
            assertClosedByTheGateway(socket);
        }
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIsAnswered408AndItsConnectionClosed() throws Exception {
        start(0);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"model\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answer = readUntil(socket.getInputStream(), "request_timeout");
            assertThat(answer).startsWith("HTTP/1.1 408").contains("did not arrive within " + BODY_READ_MILLIS + " ms");
            assertClosedByTheGateway(socket);
        }
        // nothing was admitted, so nothing is left in flight
        assertThat(gateway.camelContext().hasService(FrontDoor.class).inFlight()).isZero();
    }

    @Test
    void aKeptAliveConnectionWithNothingInFlightIsClosedAfterTheIdleTimeout() throws Exception {
        start(0);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readUntil(socket.getInputStream(), "\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 200");

            assertClosedByTheGateway(socket);
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeoutOnceItsChatCompletionIsAnswered() throws Exception {
        start(0);
        upstream.on("up-slow", Behavior.text("answered"));
        byte[] body = "{\"model\":\"slow\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            String answer = readUntil(socket.getInputStream(), "answered");
            assertThat(answer).startsWith("HTTP/1.1 200");

            assertClosedByTheGateway(socket);
        }
    }

    @Test
    void aSilentCallLongerThanBothTimeoutsIsAnsweredOnItsConnection() throws Exception {
        start(0);
        upstream.on("up-slow", Behavior.delayed(3 * (HEADER_READ_MILLIS + IDLE_MILLIS), Behavior.text("late but fine")));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .timeout(Duration.ofMillis(DOES_NOT_HANG_MILLIS)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"slow\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("late but fine");
    }

    @Test
    void onAFixedPortTheGatewayServesAndStillClosesStalledConnections() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        start(port);
        assertThat(gateway.port()).isEqualTo(port);
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/health")))
                .timeout(Duration.ofMillis(DOES_NOT_HANG_MILLIS)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedByTheGateway(socket);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.setSoTimeout(DOES_NOT_HANG_MILLIS);
        return socket;
    }

    /** Reads to the end of the stream: the gateway closed the connection (a timeout here means it never would). */
    private static void assertClosedByTheGateway(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // whatever the gateway sent before closing
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the gateway kept the connection open for " + DOES_NOT_HANG_MILLIS + " ms", e);
        } catch (IOException reset) {
            // a reset is a close too
        }
    }

    private static String readUntil(InputStream in, String text) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains(text)) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed before " + text.strip() + ": " + seen);
            }
            seen.append((char) b);
        }
        return seen.toString();
    }
}
