package io.llmrouter.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A fake Azure OpenAI resource on an ephemeral loopback port: the fake OpenAI upstream behind Azure's addressing. Like
 * Azure it answers only {@code POST /openai/deployments/{deployment}/chat/completions} and {@code .../embeddings}
 * with an {@code api-version} query (404 "Resource not found" otherwise) and an {@code api-key} header (401 otherwise);
 * the deployment in the path is the model that {@link #on} behaviours are keyed by. Azure-only answers (content
 * filter errors, 429 with {@code retry-after-ms}, streams annotated with content filter results) are built here.
 */
public final class FakeAzureUpstream implements AutoCloseable {

    private static final Pattern PATH = Pattern.compile("/openai/deployments/([^/]+)/(chat/completions|embeddings)");

    private final List<String> uris = new CopyOnWriteArrayList<>();
    private final FakeOpenAiUpstream upstream;

    private FakeAzureUpstream() {
        this.upstream = FakeOpenAiUpstream.start(this::deployment);
    }

    public static FakeAzureUpstream start() {
        return new FakeAzureUpstream();
    }

    /** The resource endpoint, as {@code AZURE_OPENAI_ENDPOINT} gives it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + upstream.port();
    }

    public FakeAzureUpstream on(String deployment, Behavior behavior) {
        upstream.on(deployment, behavior);
        return this;
    }

    /** Requests that passed Azure's checks; {@code model()} is the deployment. */
    public List<FakeOpenAiUpstream.Received> requests() {
        return upstream.requests();
    }

    /** The request URIs (path and query) of every request, accepted or not. */
    public List<String> uris() {
        return List.copyOf(uris);
    }

    public void reset() {
        upstream.reset();
        uris.clear();
    }

    private String deployment(HttpServerRequest req, JsonNode body) {
        uris.add(req.uri());
        Matcher m = PATH.matcher(req.path());
        String version = req.getParam("api-version");
        if (!m.matches() || version == null || version.isBlank()) {
            error(req.response(), 404, "404", "Resource not found");
            return null;
        }
        if (req.getHeader("api-key") == null) {
            error(req.response(), 401, "401", "Access denied due to invalid subscription key or wrong API endpoint."
                    + " Make sure to provide a valid key for an active subscription and use a correct regional API"
                    + " endpoint for your resource.");
            return null;
        }
        // like Azure, the deployment is the decoded segment: '+' is a plus in a path, not a space
        return URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Azure's 400 for a prompt its content filter refused, with the ResponsibleAIPolicyViolation inner error. */
    public static Behavior contentFiltered() {
        return call -> {
            ObjectNode body = FakeOpenAiUpstream.JSON.createObjectNode();
            ObjectNode error = body.putObject("error");
            error.put("message", "The response was filtered due to the prompt triggering Azure OpenAI's content"
                    + " management policy. Please modify your prompt and retry.");
            error.putNull("type");
            error.put("param", "prompt");
            error.put("code", "content_filter");
            error.put("status", 400);
            ObjectNode inner = error.putObject("innererror");
            inner.put("code", "ResponsibleAIPolicyViolation");
            ObjectNode result = inner.putObject("content_filter_result");
            for (String category : new String[] { "hate", "self_harm", "sexual" }) {
                result.putObject(category).put("filtered", false).put("severity", "safe");
            }
            result.putObject("violence").put("filtered", true).put("severity", "medium");
            Behavior.json(call.request().response(), 400, body);
        };
    }

    /** Azure's 429: whole seconds in {@code retry-after}, the exact wait in {@code retry-after-ms} unless null. */
    public static Behavior rateLimited(String retryAfter, String retryAfterMs) {
        return call -> {
            HttpServerResponse r = call.request().response().putHeader("retry-after", retryAfter);
            if (retryAfterMs != null) {
                r.putHeader("retry-after-ms", retryAfterMs);
            }
            error(r, 429, "429", "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version"
                    + " 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier."
                    + " Please retry after " + retryAfter + " second.");
        };
    }

    /**
     * A stream as Azure sends it: first a chunk with no choices carrying {@code prompt_filter_results}, then OpenAI's
     * chunks each with {@code content_filter_results}, ending with the given finish_reason ({@code content_filter}
     * when the filter cut the answer), a usage chunk when asked for, and {@code [DONE]}.
     */
    public static Behavior stream(String text, String finishReason) {
        return call -> {
            HttpServerResponse r = Behavior.sseHeaders(call.request().response());
            r.write("data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                    + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":" + filters(false)
                    + "}]}\n\n");
            r.write(chunk("{\"content\":\"\",\"refusal\":null,\"role\":\"assistant\"}", "{}", null));
            String[] words = text.split(" ");
            for (int i = 0; i < words.length; i++) {
                r.write(chunk("{\"content\":" + FakeOpenAiUpstream.JSON.getNodeFactory().textNode(
                        (i == 0 ? "" : " ") + words[i]) + "}", filters(false), null));
            }
            r.write(chunk("{}", filters("content_filter".equals(finishReason)), finishReason));
            if (call.includeUsage()) {
                r.write("data: {\"choices\":[],\"created\":1700000000,\"id\":\"chatcmpl-azure\",\"model\":"
                        + "\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\",\"system_fingerprint\":"
                        + "\"fp_azure\",\"usage\":{\"completion_tokens\":" + words.length + ",\"prompt_tokens\":"
                        + "14,\"total_tokens\":" + (14 + words.length) + "}}\n\n");
            }
            r.end("data: [DONE]\n\n");
        };
    }

    private static String chunk(String delta, String filterResults, String finishReason) {
        return "data: {\"choices\":[{\"content_filter_results\":" + filterResults + ",\"delta\":" + delta
                + ",\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"")
                + ",\"index\":0,\"logprobs\":null}],\"created\":1700000000,\"id\":\"chatcmpl-azure\",\"model\":"
                + "\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_azure\"}\n\n";
    }

    private static String filters(boolean violence) {
        return "{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"self_harm\":{\"filtered\":false,\"severity\":"
                + "\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},\"violence\":{\"filtered\":"
                + violence + ",\"severity\":\"" + (violence ? "medium" : "safe") + "\"}}";
    }

    private static void error(HttpServerResponse r, int status, String code, String message) {
        ObjectNode body = FakeOpenAiUpstream.JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        Behavior.json(r, status, body);
    }

    @Override
    public void close() {
        upstream.close();
    }
}
