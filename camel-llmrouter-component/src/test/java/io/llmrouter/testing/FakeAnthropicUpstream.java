package io.llmrouter.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.testing.FakeOpenAiUpstream.Received;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A fake Anthropic Messages API on an ephemeral loopback port. Like the real one it checks the request before
 * answering: {@code x-api-key} and {@code anthropic-version} headers, {@code model}, {@code max_tokens} and
 * {@code messages} present, only user and assistant turns, alternating, tool_result blocks only in user turns and each
 * answering a tool_use of the turn before; a bad request gets Anthropic's 400 {@code invalid_request_error}. Then it
 * behaves per upstream model as told with {@link #on}; unknown models answer with a short text.
 */
public final class FakeAnthropicUpstream implements AutoCloseable {

    /** One request as a behaviour sees it. */
    public record Call(FakeAnthropicUpstream upstream, HttpServerRequest request, String model, JsonNode body) {
        public boolean streamed() {
            return body.path("stream").asBoolean(false);
        }
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, AnthropicBehavior> behaviors = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private FakeAnthropicUpstream(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static FakeAnthropicUpstream start() {
        Vertx vertx = Vertx.vertx();
        FakeAnthropicUpstream[] self = new FakeAnthropicUpstream[1];
        HttpServer server = vertx.createHttpServer().requestHandler(req -> self[0].handle(req));
        self[0] = new FakeAnthropicUpstream(vertx, server);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("fake Anthropic upstream did not start", e);
        }
        return self[0];
    }

    /** The base URL as a catalog's {@code base_url} takes it (Anthropic's has no /v1). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public Vertx vertx() {
        return vertx;
    }

    public FakeAnthropicUpstream on(String upstreamModel, AnthropicBehavior behavior) {
        behaviors.put(upstreamModel, behavior);
        return this;
    }

    /** Requests that passed the checks, in order. */
    public List<Received> requests() {
        return List.copyOf(received);
    }

    public void reset() {
        behaviors.clear();
        received.clear();
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(buffer -> {
            if (!req.path().equals("/v1/messages") || req.method() != io.vertx.core.http.HttpMethod.POST) {
                AnthropicBehavior.json(req.response(), 404, AnthropicBehavior.errorBody("not_found_error",
                        "Not found"));
                return;
            }
            if (req.getHeader("x-api-key") == null) {
                AnthropicBehavior.json(req.response(), 401, AnthropicBehavior.errorBody("authentication_error",
                        "x-api-key header is required"));
                return;
            }
            JsonNode body;
            try {
                body = FakeOpenAiUpstream.JSON.readTree(buffer.getBytes());
            } catch (Exception e) {
                body = null;
            }
            String problem = body == null || !body.isObject() ? "There was an issue with your request body"
                    : problem(req, body);
            if (problem != null) {
                AnthropicBehavior.json(req.response(), 400, AnthropicBehavior.errorBody("invalid_request_error",
                        problem));
                return;
            }
            Map<String, String> headers = new ConcurrentHashMap<>();
            req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
            String model = body.path("model").asText();
            received.add(new Received(req.path(), model, body, headers, System.nanoTime()));
            behaviors.getOrDefault(model, AnthropicBehavior.text("Hello from the fake Anthropic upstream."))
                    .respond(new Call(this, req, model, body));
        });
    }

    /** What the real API would reject in this request, or null. */
    private static String problem(HttpServerRequest req, JsonNode body) {
        if (!"2023-06-01".equals(req.getHeader("anthropic-version"))) {
            return "anthropic-version: header is required";
        }
        if (!body.path("model").isTextual()) {
            return "model: Field required";
        }
        if (!body.path("max_tokens").isIntegralNumber() || body.path("max_tokens").asInt() < 1) {
            return "max_tokens: Field required";
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "messages: Field required";
        }
        String previous = null;
        Set<String> toolUses = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                return "messages." + i + ".role: Input should be 'user' or 'assistant'";
            }
            if (role.equals(previous)) {
                return "messages: roles must alternate between \"user\" and \"assistant\"";
            }
            Set<String> uses = new HashSet<>();
            for (JsonNode block : m.path("content")) {
                String type = block.path("type").asText();
                if (type.equals("text") && block.path("text").asText().isEmpty()) {
                    return "messages." + i + ": text content blocks must be non-empty";
                }
                if (type.equals("tool_use")) {
                    uses.add(block.path("id").asText());
                    if (!block.path("input").isObject()) {
                        return "messages." + i + ": tool_use.input: Input should be a valid dictionary";
                    }
                }
                if (type.equals("tool_result") && (role.equals("assistant")
                        || !toolUses.contains(block.path("tool_use_id").asText()))) {
                    return "messages." + i + ": unexpected `tool_use_id` found in `tool_result` blocks: "
                            + block.path("tool_use_id").asText();
                }
                if (type.equals("image") && !Set.of("base64", "url").contains(block.path("source").path("type").asText())) {
                    return "messages." + i + ": image.source: Input tag is not one of 'base64', 'url'";
                }
            }
            toolUses = uses;
            previous = role;
        }
        for (JsonNode tool : body.path("tools")) {
            if (!tool.path("input_schema").isObject()) {
                return "tools: input_schema: Field required";
            }
        }
        List<JsonNode> blocks = new ArrayList<>();
        body.path("system").forEach(blocks::add);
        body.path("tools").forEach(blocks::add);
        messages.forEach(m -> m.path("content").forEach(blocks::add));
        List<JsonNode> marks = blocks.stream().filter(b -> b.has("cache_control")).map(b -> b.get("cache_control"))
                .toList();
        if (marks.size() > 4) {
            return "A maximum of 4 blocks with cache_control may be provided. Found " + marks.size() + ".";
        }
        for (JsonNode mark : marks) {
            if (!"ephemeral".equals(mark.path("type").asText())) {
                return "cache_control.type: Input should be 'ephemeral'";
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing a test server: nothing to do
        }
    }
}
