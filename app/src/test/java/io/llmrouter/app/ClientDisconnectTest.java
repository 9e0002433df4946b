package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/** A client that goes away cancels its upstream call, and only its own: nobody pays for tokens no one will read. */
class ClientDisconnectTest extends GatewayTestSupport {

    @Test
    void clientDisconnectMidStreamCancelsTheUpstreamCall() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        upstream.on("up-a", Behavior.heldAfterFirstChunk("first second third", never));
        try (Socket socket = openStream(chat("model-a", "\"stream\":true"))) {
            String seen = readUntil(socket, "\"content\":\"first\"");
            assertThat(seen).startsWith("HTTP/1.1 200").contains("text/event-stream");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.closedBeforeEnd().contains("up-a"));
        assertThat(never.getCount()).isEqualTo(1);
    }

    @Test
    void clientDisconnectBeforeTheFirstTokenCancelsTheUpstreamCall() throws Exception {
        upstream.on("up-a", Behavior.hang());
        try (Socket socket = openStream(chat("model-a", "\"stream\":true"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.attempts("up-a") == 1);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.closedBeforeEnd().contains("up-a"));
    }

    @Test
    void clientDisconnectAfterAFailoverLeavesOtherRequestsToTheFailedUpstreamAlone() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch releaseOther = new CountDownLatch(1);
        List<Object> connections = new CopyOnWriteArrayList<>();
        // model-a's first answer is a 503, after which its connection goes back to the pool; the second request to
        // model-a reuses that connection while the first request streams from the other provider
        Behavior a = Behavior.times(1, Behavior.error(503, "server_error", null, "overloaded"),
                Behavior.heldAfterFirstChunk("other request", releaseOther));
        upstream.on("up-a", call -> {
            connections.add(call.request().connection());
            a.respond(call);
        });
        otherUpstream.on("up-other", Behavior.heldAfterFirstChunk("first second", never));
        try {
            CompletableFuture<HttpResponse<String>> other;
            try (Socket socket = openStream("{\"models\":[\"model-a\",\"model-other\"],\"stream\":true,"
                                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
                readUntil(socket, "\"content\":\"first\"");
                other = http.sendAsync(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                        .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(chat("model-a", "\"stream\":true"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(10)).until(() -> upstream.attempts("up-a") == 2);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> otherUpstream.closedBeforeEnd().contains("up-other"));
            assertThat(connections.get(1)).as("the 503 left its keep-alive connection in the pool for the next request")
                    .isSameAs(connections.get(0));

            releaseOther.countDown();
            HttpResponse<String> r = other.get(20, TimeUnit.SECONDS);
            List<String> events = dataEvents(r.body());
            assertThat(events).as("the other request's stream").last().isEqualTo("[DONE]");
            assertThat(content(chunks(events))).isEqualTo("other request");
            assertThat(upstream.closedBeforeEnd()).doesNotContain("up-a");
        } finally {
            releaseOther.countDown();
        }
    }

    /** Sends a POST to the chat endpoint over a raw socket, so the test can drop the connection at will. */
    private static Socket openStream(String body) throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.setSoTimeout(10_000);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + gateway.port() + "\r\n"
                   + "Content-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + bytes.length
                   + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    /** Reads until the text has arrived (or fails on the socket's read timeout) and returns all that was read. */
    private static String readUntil(Socket socket, String text) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!seen.toString().contains(text)) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("the gateway closed the connection before sending " + text + ": " + seen);
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }
}
