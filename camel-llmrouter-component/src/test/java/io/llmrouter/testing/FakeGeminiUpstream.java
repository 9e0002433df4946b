package io.llmrouter.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A fake Gemini (Generative Language API, v1beta) on an ephemeral loopback port. Like the real one it checks the
 * request before answering: {@code POST /v1beta/models/{model}:generateContent}, {@code :streamGenerateContent}
 * (with {@code alt=sse}, which the adapter relies on) or {@code :batchEmbedContents}; the key in
 * {@code x-goog-api-key} (403 PERMISSION_DENIED without); only known fields (Gemini refuses unknown ones with 400
 * "Unknown name", also inside tool and response schemas, e.g. additionalProperties); roles user and model; parts
 * with exactly one kind of data; object schemas with properties; function responses answering the function calls
 * of the turn before, one for one. Then it behaves per model as told with {@link #on}; unknown models answer a text.
 */
public final class FakeGeminiUpstream implements AutoCloseable {

    /** One request as a behaviour sees it; {@code method} is generateContent, streamGenerateContent, ... */
    public record Call(FakeGeminiUpstream upstream, HttpServerRequest request, String model, String method,
                       JsonNode body) {
        public boolean streamed() {
            return method.equals("streamGenerateContent");
        }
    }

    private static final Pattern PATH = Pattern.compile(
            "/v1beta/models/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents)");
    private static final Set<String> REQUEST_FIELDS = Set.of("contents", "systemInstruction", "tools", "toolConfig",
            "generationConfig", "safetySettings", "cachedContent");
    private static final Set<String> CONFIG_FIELDS = Set.of("temperature", "topP", "topK", "maxOutputTokens",
            "stopSequences", "candidateCount", "seed", "responseMimeType", "responseSchema", "presencePenalty",
            "frequencyPenalty", "responseLogprobs", "logprobs", "thinkingConfig", "responseModalities");
    private static final Set<String> SCHEMA_FIELDS = Set.of("type", "format", "title", "description", "nullable",
            "enum", "maxItems", "minItems", "properties", "required", "minProperties", "maxProperties", "minLength",
            "maxLength", "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
    private static final Set<String> PART_KINDS = Set.of("text", "inlineData", "fileData", "functionCall",
            "functionResponse");

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, GeminiBehavior> behaviors = new ConcurrentHashMap<>();
    private final List<FakeOpenAiUpstream.Received> received = new CopyOnWriteArrayList<>();

    private FakeGeminiUpstream(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static FakeGeminiUpstream start() {
        Vertx vertx = Vertx.vertx();
        FakeGeminiUpstream[] self = new FakeGeminiUpstream[1];
        HttpServer server = vertx.createHttpServer().requestHandler(req -> self[0].handle(req));
        self[0] = new FakeGeminiUpstream(vertx, server);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("fake Gemini upstream did not start", e);
        }
        return self[0];
    }

    /** The base URL as a catalog's {@code base_url} takes it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1beta";
    }

    public Vertx vertx() {
        return vertx;
    }

    public FakeGeminiUpstream on(String model, GeminiBehavior behavior) {
        behaviors.put(model, behavior);
        return this;
    }

    /** Requests that passed the checks, in order; {@code path()} is the URI with its query, {@code model()} decoded. */
    public List<FakeOpenAiUpstream.Received> requests() {
        return List.copyOf(received);
    }

    public void reset() {
        behaviors.clear();
        received.clear();
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(buffer -> {
            Matcher m = PATH.matcher(req.path());
            if (!m.matches() || req.method() != HttpMethod.POST) {
                GeminiBehavior.json(req.response(), 404, GeminiBehavior.errorBody(404, "NOT_FOUND",
                        "The requested URL " + req.path() + " was not found on this server.", null));
                return;
            }
            if (req.getHeader("x-goog-api-key") == null) {
                GeminiBehavior.json(req.response(), 403, GeminiBehavior.errorBody(403, "PERMISSION_DENIED",
                        "Method doesn't allow unregistered callers (callers without established identity)."
                                + " Please use API Key or other form of API consumer identity to call this API.", null));
                return;
            }
            // like Google, the model is the decoded segment: '+' is a plus in a path, not a space
            String model = URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
            String method = m.group(2);
            JsonNode body;
            try {
                body = FakeOpenAiUpstream.JSON.readTree(buffer.getBytes());
            } catch (Exception e) {
                body = null;
            }
            String problem;
            if (body == null || !body.isObject()) {
                problem = "Invalid JSON payload received.";
            } else if (method.equals("streamGenerateContent") && !"sse".equals(req.getParam("alt"))) {
                problem = "this fake streams only with alt=sse (without it Google streams one JSON array)";
            } else if (method.equals("batchEmbedContents")) {
                problem = embedProblem(model, body);
            } else {
                problem = generateProblem(body);
            }
            if (problem != null) {
                GeminiBehavior.json(req.response(), 400, GeminiBehavior.errorBody(400, "INVALID_ARGUMENT", problem, null));
                return;
            }
            Map<String, String> headers = new ConcurrentHashMap<>();
            req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
            received.add(new FakeOpenAiUpstream.Received(req.uri(), model, body, headers));
            GeminiBehavior fallback = method.equals("batchEmbedContents") ? GeminiBehavior.embeddings(4)
                    : GeminiBehavior.text("Hello from the fake Gemini upstream.");
            behaviors.getOrDefault(model, fallback).respond(new Call(this, req, model, method, body));
        });
    }

    private static String embedProblem(String model, JsonNode body) {
        JsonNode requests = body.path("requests");
        if (!requests.isArray() || requests.isEmpty()) {
            return "* BatchEmbedContentsRequest.requests: requests is not specified";
        }
        for (JsonNode r : requests) {
            if (!("models/" + model).equals(r.path("model").asText())) {
                return "Model names should be the same as the batch request's: models/" + model;
            }
            if (!r.path("content").path("parts").isArray() || r.path("content").path("parts").isEmpty()) {
                return "* BatchEmbedContentsRequest.requests[].content: contents is not specified";
            }
        }
        return null;
    }

    /** What the real API would refuse in a generateContent request, or null. */
    private static String generateProblem(JsonNode body) {
        String unknown = unknownField(body, REQUEST_FIELDS, "");
        if (unknown != null) {
            return unknown;
        }
        JsonNode contents = body.path("contents");
        if (!contents.isArray() || contents.isEmpty()) {
            return "* GenerateContentRequest.contents: contents is not specified";
        }
        List<String> previousCalls = List.of();
        for (int i = 0; i < contents.size(); i++) {
            JsonNode c = contents.get(i);
            String role = c.path("role").asText();
            if (!role.equals("user") && !role.equals("model")) {
                return "Please use a valid role: user, model.";
            }
            String partsProblem = partsProblem(c.path("parts"), "contents[" + i + "]");
            if (partsProblem != null) {
                return partsProblem;
            }
            List<String> calls = new ArrayList<>();
            List<String> responses = new ArrayList<>();
            for (JsonNode p : c.path("parts")) {
                if (p.has("functionCall")) {
                    calls.add(p.path("functionCall").path("name").asText());
                }
                if (p.has("functionResponse")) {
                    responses.add(p.path("functionResponse").path("name").asText());
                    if (!p.path("functionResponse").path("response").isObject()) {
                        return "Invalid value at 'contents[" + i + "].parts[].function_response.response'";
                    }
                }
            }
            if (!responses.isEmpty() && (!role.equals("user") || responses.size() != previousCalls.size()
                    || !new ArrayList<>(responses).containsAll(previousCalls))) {
                return "Please ensure that the number of function response parts is equal to the number of function"
                        + " call parts of the function call turn.";
            }
            previousCalls = calls;
        }
        if (body.has("systemInstruction")) {
            String p = partsProblem(body.path("systemInstruction").path("parts"), "system_instruction");
            if (p != null) {
                return p;
            }
        }
        int t = 0;
        for (JsonNode tool : body.path("tools")) {
            int f = 0;
            for (JsonNode decl : tool.path("functionDeclarations")) {
                if (!decl.path("name").isTextual()) {
                    return "* GenerateContentRequest.tools[" + t + "].function_declarations[" + f + "].name: Name is empty.";
                }
                if (decl.has("parameters")) {
                    String p = schemaProblem(decl.get("parameters"),
                            "tools[" + t + "].function_declarations[" + f + "].parameters");
                    if (p != null) {
                        return p;
                    }
                }
                f++;
            }
            t++;
        }
        JsonNode config = body.path("generationConfig");
        if (config.isObject()) {
            unknown = unknownField(config, CONFIG_FIELDS, "generation_config");
            if (unknown != null) {
                return unknown;
            }
            if (config.has("responseSchema")) {
                return schemaProblem(config.get("responseSchema"), "generation_config.response_schema");
            }
        }
        String mode = body.path("toolConfig").path("functionCallingConfig").path("mode").asText("AUTO");
        if (!Set.of("AUTO", "ANY", "NONE").contains(mode)) {
            return "Invalid value at 'tool_config.function_calling_config.mode'";
        }
        return null;
    }

    private static String partsProblem(JsonNode parts, String where) {
        if (!parts.isArray() || parts.isEmpty()) {
            return "* GenerateContentRequest." + where + ".parts: contents.parts must not be empty.";
        }
        for (JsonNode p : parts) {
            long kinds = PART_KINDS.stream().filter(p::has).count();
            if (kinds != 1) {
                return "* GenerateContentRequest." + where + ".parts: a part must hold exactly one kind of data";
            }
            if (p.has("text") && p.path("text").asText().isEmpty()) {
                return "Unable to submit request because it has an empty text parameter.";
            }
            if (p.has("inlineData") && (!p.path("inlineData").path("mimeType").isTextual()
                    || !p.path("inlineData").path("data").isTextual())) {
                return "* GenerateContentRequest." + where + ".parts.inline_data: mime_type and data are required";
            }
            if (p.has("fileData") && !p.path("fileData").path("fileUri").isTextual()) {
                return "* GenerateContentRequest." + where + ".parts.file_data.file_uri: file_uri is required";
            }
        }
        return null;
    }

    private static String schemaProblem(JsonNode schema, String where) {
        String unknown = unknownField(schema, SCHEMA_FIELDS, where);
        if (unknown != null) {
            return unknown;
        }
        if ("object".equalsIgnoreCase(schema.path("type").asText()) && schema.path("properties").isEmpty()) {
            return "* GenerateContentRequest." + where + ".properties: should be non-empty for OBJECT type";
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            String problem = schemaProblem(p.getValue(), where + ".properties[" + p.getKey() + "].value");
            if (problem != null) {
                return problem;
            }
        }
        if (schema.has("items")) {
            return schemaProblem(schema.get("items"), where + ".items");
        }
        return null;
    }

    private static String unknownField(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                return "Invalid JSON payload received. Unknown name \"" + f + "\"" + (where.isEmpty() ? ""
                        : " at '" + where + "'") + ": Cannot find field.";
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
