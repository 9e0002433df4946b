package io.llmrouter.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.testing.FakeOpenAiUpstream.Received;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A fake Bedrock runtime on an ephemeral loopback port. Like the real one it checks the request before answering: the
 * path ({@code /model/{url-encoded id}/converse} or {@code /converse-stream}), the SigV4 signature (credential scope
 * {@code .../{region}/bedrock/aws4_request}, X-Amz-Date, the session token when one is expected, and the signature
 * itself, recomputed with {@link SigV4Reference}, independently of the SDK signer the adapter uses), and the Converse body shape: no model
 * field, user and assistant turns alternating from a user turn, one kind per content block, non-empty text, known
 * image formats, tool results only answering the previous turn's toolUse, and a toolConfig whenever tool blocks
 * appear. A bad signature gets 403, a bad body Bedrock's 400 ValidationException. Then it behaves per model id as
 * told with {@link #on}; unknown models answer with a short text.
 */
public final class FakeBedrockUpstream implements AutoCloseable {

    /** One request as a behaviour sees it. */
    public record Call(FakeBedrockUpstream upstream, HttpServerRequest request, String modelId, JsonNode body) {
        public boolean streamed() {
            return request.path().endsWith("/converse-stream");
        }
    }

    private static final Pattern PATH = Pattern.compile("/model/([^/]+)/(converse|converse-stream)");
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), "
                    + "Signature=([0-9a-f]{64})");
    private static final Set<String> BLOCK_KINDS = Set.of("text", "image", "toolUse", "toolResult");
    private static final Set<String> INFERENCE_FIELDS = Set.of("maxTokens", "temperature", "topP", "stopSequences");

    private final Vertx vertx;
    private final HttpServer server;
    private final String region;
    private final String accessKeyId;
    private final String secretKey;
    private volatile String sessionToken;
    private final Map<String, BedrockBehavior> behaviors = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();

    private FakeBedrockUpstream(Vertx vertx, HttpServer server, String region, String accessKeyId, String secretKey) {
        this.vertx = vertx;
        this.server = server;
        this.region = region;
        this.accessKeyId = accessKeyId;
        this.secretKey = secretKey;
    }

    /** Accepts requests signed with these credentials for this region. */
    public static FakeBedrockUpstream start(String region, String accessKeyId, String secretKey) {
        Vertx vertx = Vertx.vertx();
        FakeBedrockUpstream[] self = new FakeBedrockUpstream[1];
        HttpServer server = vertx.createHttpServer().requestHandler(req -> self[0].handle(req));
        self[0] = new FakeBedrockUpstream(vertx, server, region, accessKeyId, secretKey);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("fake Bedrock upstream did not start", e);
        }
        return self[0];
    }

    /** The base URL as a catalog's {@code base_url} takes it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public FakeBedrockUpstream on(String modelId, BedrockBehavior behavior) {
        behaviors.put(modelId, behavior);
        return this;
    }

    /** Requires this X-Amz-Security-Token (temporary credentials) from now on; null for none. */
    public FakeBedrockUpstream expectSessionToken(String token) {
        this.sessionToken = token;
        return this;
    }

    /** Requests that passed the checks, in order; {@code model} holds the decoded model id. */
    public List<Received> requests() {
        return List.copyOf(received);
    }

    /** Why requests were refused, in order. */
    public List<String> rejections() {
        return List.copyOf(rejections);
    }

    public void reset() {
        behaviors.clear();
        received.clear();
        rejections.clear();
        sessionToken = null;
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(buffer -> {
            Matcher path = PATH.matcher(req.path());
            if (req.method() != HttpMethod.POST || !path.matches()) {
                reject(req, 404, "UnknownOperationException", "Unknown operation " + req.path());
                return;
            }
            String authProblem = authProblem(req, buffer);
            if (authProblem != null) {
                reject(req, 403, "InvalidSignatureException", authProblem);
                return;
            }
            JsonNode body;
            try {
                body = FakeOpenAiUpstream.JSON.readTree(buffer.getBytes());
            } catch (Exception e) {
                body = null;
            }
            String problem = body == null || !body.isObject() ? "Malformed input request" : problem(body);
            if (problem != null) {
                reject(req, 400, "ValidationException", problem);
                return;
            }
            // the decoded segment: '+' is a plus in a path, not a space
            String modelId = URLDecoder.decode(path.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
            Map<String, String> headers = new ConcurrentHashMap<>();
            req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
            received.add(new Received(req.path(), modelId, body, headers));
            behaviors.getOrDefault(modelId, BedrockBehavior.text("Hello from the fake Bedrock upstream."))
                    .respond(new Call(this, req, modelId, body));
        });
    }

    private void reject(HttpServerRequest req, int status, String type, String message) {
        rejections.add(status + " " + message);
        req.response().putHeader("x-amzn-ErrorType", type);
        BedrockBehavior.json(req.response(), status, FakeOpenAiUpstream.JSON.createObjectNode().put("message", message));
    }

    /** What is wrong with the signature, or null. */
    private String authProblem(HttpServerRequest req, Buffer body) {
        String auth = req.getHeader("Authorization");
        String date = req.getHeader("X-Amz-Date");
        if (auth == null || date == null) {
            return "Missing Authentication Token";
        }
        Matcher m = AUTH.matcher(auth);
        if (!m.matches()) {
            return "Authorization header is not SigV4: " + auth;
        }
        if (!m.group(1).equals(accessKeyId)) {
            return "The security token included in the request is invalid.";
        }
        if (!date.matches("\\d{8}T\\d{6}Z") || !date.startsWith(m.group(2))) {
            return "X-Amz-Date " + date + " does not match the credential date " + m.group(2);
        }
        if (!m.group(3).equals(region) || !m.group(4).equals("bedrock")) {
            return "Credential should be scoped to a valid region and service: " + m.group(3) + "/" + m.group(4);
        }
        List<String> signed = List.of(m.group(5).split(";"));
        if (!signed.contains("host") || !signed.contains("x-amz-date")) {
            return "host and x-amz-date must be signed: " + m.group(5);
        }
        if (sessionToken != null && (!sessionToken.equals(req.getHeader("X-Amz-Security-Token"))
                || !signed.contains("x-amz-security-token"))) {
            return "The security token included in the request is invalid.";
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : signed) {
            if (req.getHeader(name) == null) {
                return "signed header " + name + " is missing";
            }
            values.put(name, req.getHeader(name));
        }
        String expected = SigV4Reference.signature("POST", req.path(), values, body.getBytes(), date, region, "bedrock",
                secretKey);
        if (!expected.equals(m.group(6))) {
            return "The request signature we calculated does not match the signature you provided.";
        }
        return null;
    }

    /** What the real API would reject in this body, or null. */
    private static String problem(JsonNode body) {
        if (body.has("model")) {
            return "extraneous key [model] is not permitted";
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "messages: must not be empty";
        }
        boolean toolBlocks = false;
        String previous = null;
        Set<String> toolUses = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                return "messages." + i + ".role: must be user or assistant";
            }
            if (previous == null && !role.equals("user")) {
                return "A conversation must start with a user message.";
            }
            if (role.equals(previous)) {
                return "A conversation must alternate between user and assistant roles.";
            }
            if (!m.path("content").isArray() || m.path("content").isEmpty()) {
                return "messages." + i + ".content: must not be empty";
            }
            Set<String> uses = new HashSet<>();
            for (JsonNode block : m.path("content")) {
                if (block.size() != 1 || !BLOCK_KINDS.contains(block.fieldNames().next())) {
                    return "messages." + i + ": a content block must hold exactly one of " + BLOCK_KINDS + ": " + block;
                }
                if (block.has("text") && block.path("text").asText().isBlank()) {
                    return "The text field in the ContentBlock object at messages." + i + " is blank.";
                }
                if (block.has("image")) {
                    JsonNode image = block.get("image");
                    if (!Set.of("png", "jpeg", "gif", "webp").contains(image.path("format").asText())
                            || !image.path("source").path("bytes").isTextual()) {
                        return "messages." + i + ": image needs a format and source.bytes: " + image;
                    }
                }
                if (block.has("toolUse")) {
                    toolBlocks = true;
                    if (role.equals("user") || !block.path("toolUse").path("input").isObject()
                            || !block.path("toolUse").path("toolUseId").isTextual()) {
                        return "messages." + i + ": malformed toolUse " + block;
                    }
                    uses.add(block.path("toolUse").path("toolUseId").asText());
                }
                if (block.has("toolResult")) {
                    toolBlocks = true;
                    JsonNode result = block.get("toolResult");
                    if (role.equals("assistant") || !toolUses.contains(result.path("toolUseId").asText())) {
                        return "messages." + i + ": toolResult answers no toolUse of the previous turn: " + result;
                    }
                    if (!result.path("content").isArray() || result.path("content").isEmpty()) {
                        return "messages." + i + ": toolResult.content must not be empty";
                    }
                }
            }
            toolUses = uses;
            previous = role;
        }
        for (JsonNode s : body.path("system")) {
            if (!s.path("text").isTextual()) {
                return "system: blocks must be {text}";
            }
        }
        for (var it = body.path("inferenceConfig").fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!INFERENCE_FIELDS.contains(f)) {
                return "extraneous key [inferenceConfig." + f + "] is not permitted";
            }
        }
        JsonNode toolConfig = body.path("toolConfig");
        if (toolBlocks && !toolConfig.isObject()) {
            return "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
        }
        if (toolConfig.isObject()) {
            if (!toolConfig.path("tools").isArray() || toolConfig.path("tools").isEmpty()) {
                return "toolConfig.tools: must not be empty";
            }
            for (JsonNode t : toolConfig.path("tools")) {
                JsonNode spec = t.path("toolSpec");
                if (!spec.path("name").isTextual() || !spec.path("inputSchema").path("json").isObject()) {
                    return "toolConfig.tools: a toolSpec needs a name and inputSchema.json: " + t;
                }
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
