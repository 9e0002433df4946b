package io.llmrouter.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A fake OpenAI-compatible upstream on an ephemeral loopback port. It speaks OpenAI's wire format (JSON bodies, SSE
 * framing with {@code data: [DONE]}, error JSON with the usual status codes and headers) and behaves per upstream model
 * name as told with {@link #on(String, Behavior)}; unknown models answer with a short text. It records every request.
 */
public final class FakeOpenAiUpstream implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, Behavior> behaviors = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<String> closedConnections = new CopyOnWriteArrayList<>();
    private volatile boolean recording = true;

    private final Addressing addressing;

    /**
     * Which model a request is for: OpenAI's is the body's {@code model}; a service that names it elsewhere (Azure,
     * in the path) reads it there, or answers a request it would refuse itself and returns null.
     */
    @FunctionalInterface
    interface Addressing {
        String model(HttpServerRequest request, JsonNode body);
    }

    private FakeOpenAiUpstream(Vertx vertx, HttpServer server, Addressing addressing) {
        this.vertx = vertx;
        this.server = server;
        this.addressing = addressing;
    }

    public static FakeOpenAiUpstream start() {
        return start((req, body) -> body.path("model").asText(null));
    }

    static FakeOpenAiUpstream start(Addressing addressing) {
        Vertx vertx = Vertx.vertx();
        FakeOpenAiUpstream[] self = new FakeOpenAiUpstream[1];
        HttpServer server = vertx.createHttpServer().requestHandler(req -> self[0].handle(req));
        self[0] = new FakeOpenAiUpstream(vertx, server, addressing);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("fake upstream did not start", e);
        }
        return self[0];
    }

    public int port() {
        return server.actualPort();
    }

    /** The base URL as a catalog's {@code base_url} takes it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public Vertx vertx() {
        return vertx;
    }

    public FakeOpenAiUpstream on(String upstreamModel, Behavior behavior) {
        behaviors.put(upstreamModel, behavior);
        return this;
    }

    /**
     * Whether requests are kept for {@link #requests()} (the default). A load test turns it off: the copy-on-write
     * list would make every request cost more than the last.
     */
    public FakeOpenAiUpstream recordRequests(boolean record) {
        this.recording = record;
        return this;
    }

    public List<Received> requests() {
        return List.copyOf(received);
    }

    public List<Received> requests(String upstreamModel) {
        return received.stream().filter(r -> upstreamModel.equals(r.model())).toList();
    }

    /** When each request for the model arrived, in {@link System#nanoTime()}, in order of arrival. */
    public List<Long> arrivals(String upstreamModel) {
        return requests(upstreamModel).stream().map(Received::arrivedNanos).sorted().toList();
    }

    /** Milliseconds between consecutive requests for the model, in order of arrival. */
    public List<Long> gapsMillis(String upstreamModel) {
        List<Long> at = arrivals(upstreamModel);
        List<Long> gaps = new java.util.ArrayList<>();
        for (int i = 1; i < at.size(); i++) {
            gaps.add((at.get(i) - at.get(i - 1)) / 1_000_000L);
        }
        return gaps;
    }

    /** How many requests reached this upstream for the model. */
    public int attempts(String upstreamModel) {
        AtomicInteger n = attempts.get(upstreamModel);
        return n == null ? 0 : n.get();
    }

    /** Models whose response connection was closed by the client before the answer ended. */
    public List<String> closedBeforeEnd() {
        return List.copyOf(closedConnections);
    }

    public void reset() {
        behaviors.clear();
        received.clear();
        attempts.clear();
        closedConnections.clear();
    }

    private void handle(HttpServerRequest req) {
        long arrived = System.nanoTime();
        req.body().onSuccess(body -> {
            JsonNode json;
            try {
                json = JSON.readTree(body.getBytes());
            } catch (Exception e) {
                Behavior.error(400, "invalid_request_error", null, "We could not parse the JSON body of your request.")
                        .respond(new Call(this, req, null, null, headers(req)));
                return;
            }
            String model = addressing.model(req, json);
            if (req.response().ended()) {
                return;
            }
            Received r = new Received(req.path(), model, json, headers(req), arrived);
            if (recording) {
                received.add(r);
            }
            attempts.computeIfAbsent(String.valueOf(model), k -> new AtomicInteger()).incrementAndGet();
            req.response().closeHandler(v -> {
                if (!req.response().ended()) {
                    closedConnections.add(String.valueOf(model));
                }
            });
            Behavior b = behaviors.getOrDefault(String.valueOf(model), Behavior.text("Hello from the fake upstream."));
            b.respond(new Call(this, req, model, json, r.headers()));
        });
    }

    private static Map<String, String> headers(HttpServerRequest req) {
        Map<String, String> h = new ConcurrentHashMap<>();
        MultiMap m = req.headers();
        m.forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
        return h;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing a test server: nothing to do
        }
    }

    /** A request as the upstream received it; {@code arrivedNanos} is its {@link System#nanoTime()} on arrival. */
    public record Received(String path, String model, JsonNode body, Map<String, String> headers, long arrivedNanos) {

        /** Received now. */
        public Received(String path, String model, JsonNode body, Map<String, String> headers) {
            this(path, model, body, headers, System.nanoTime());
        }

        public boolean streamed() {
            return body.path("stream").asBoolean(false);
        }
    }
}
