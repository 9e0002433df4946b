package io.llmrouter.testing;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;

/**
 * How the fake Gemini upstream answers one model, in the wire format of the Generative Language API reference: a
 * {@code GenerateContentResponse} (candidates with content parts, finishReason, safetyRatings; usageMetadata;
 * modelVersion; responseId), or with {@code alt=sse} a sequence of them as {@code data:} events separated by CRLF
 * pairs, each holding the next parts and the usage so far, the last one the finishReason and the final usage. There
 * is no terminating event: the response just ends. Errors carry {@code {"error":{"code","message","status"}}}.
 */
@FunctionalInterface
public interface GeminiBehavior {

    void respond(FakeGeminiUpstream.Call call);

    /** The reply, as one response or as a stream when the request streams. */
    static GeminiBehavior reply(GeminiReply reply) {
        return call -> {
            if (call.streamed()) {
                send(call, events(call, reply), true);
            } else {
                json(call.request().response(), 200, response(call, reply));
            }
        };
    }

    static GeminiBehavior text(String text) {
        return reply(GeminiReply.text(text));
    }

    /** Streams the reply without its last event (which carries the finishReason), then ends the response. */
    static GeminiBehavior noFinishReason(GeminiReply reply) {
        return call -> {
            List<ObjectNode> events = events(call, reply);
            send(call, events.subList(0, events.size() - 1), true);
        };
    }

    /** Streams the reply with an event that is not JSON after its first one (a sloppy server). */
    static GeminiBehavior malformedEventWithin(GeminiReply reply) {
        return call -> {
            List<ObjectNode> events = events(call, reply);
            HttpServerResponse r = call.request().response().setChunked(true)
                    .putHeader("content-type", "text/event-stream").putHeader("x-content-type-options", "nosniff");
            for (int i = 0; i < events.size(); i++) {
                r.write("data: " + events.get(i) + "\r\n\r\n");
                if (i == 0) {
                    r.write("data: {\"candidates\": [\r\n\r\n");
                }
            }
            r.end();
        };
    }

    /** A prompt blocked by the safety filters: 200 with promptFeedback.blockReason and no candidates. */
    static GeminiBehavior blocked(String blockReason) {
        return call -> {
            ObjectNode r = obj();
            r.putObject("promptFeedback").put("blockReason", blockReason).putArray("safetyRatings").addObject()
                    .put("category", "HARM_CATEGORY_DANGEROUS_CONTENT").put("probability", "HIGH");
            r.putObject("usageMetadata").put("promptTokenCount", 9).put("totalTokenCount", 9);
            r.put("modelVersion", call.model());
            if (call.streamed()) {
                send(call, List.of(r), true);
            } else {
                json(call.request().response(), 200, r);
            }
        };
    }

    /** An error answer; {@code details} are added to the error object unless null. */
    static GeminiBehavior error(int code, String status, String message, ArrayNode details) {
        return call -> json(call.request().response(), code, errorBody(code, status, message, details));
    }

    /** 429 RESOURCE_EXHAUSTED with the RetryInfo detail Gemini sends ({@code retryDelay} like "35s"). */
    static GeminiBehavior rateLimited(String retryDelay) {
        ArrayNode details = FakeOpenAiUpstream.JSON.createArrayNode();
        details.addObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure").putArray("violations")
                .addObject().put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests");
        details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo").put("retryDelay", retryDelay);
        return error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing"
                + " details.", details);
    }

    /** Gemini's answer to a wrong key: 400 INVALID_ARGUMENT with the reason API_KEY_INVALID. */
    static GeminiBehavior apiKeyInvalid() {
        ArrayNode details = FakeOpenAiUpstream.JSON.createArrayNode();
        details.addObject().put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", "API_KEY_INVALID")
                .put("domain", "googleapis.com");
        return error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", details);
    }

    /** Accepts the request and never answers. */
    static GeminiBehavior hang() {
        return call -> { };
    }

    /** batchEmbedContents: one vector of the given size per request. */
    static GeminiBehavior embeddings(int dims) {
        return call -> {
            ObjectNode r = obj();
            ArrayNode embeddings = r.putArray("embeddings");
            for (int i = 0; i < call.body().path("requests").size(); i++) {
                ArrayNode values = embeddings.addObject().putArray("values");
                for (int d = 0; d < dims; d++) {
                    values.add(0.5 * (i + 1) + 0.125 * d);
                }
            }
            json(call.request().response(), 200, r);
        };
    }

    static ObjectNode errorBody(int code, String status, String message, ArrayNode details) {
        ObjectNode body = obj();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message).put("status", status);
        if (details != null) {
            error.set("details", details);
        }
        return body;
    }

    static ObjectNode response(FakeGeminiUpstream.Call call, GeminiReply reply) {
        ObjectNode r = obj();
        ObjectNode candidate = r.putArray("candidates").addObject();
        ArrayNode parts = candidate.putObject("content").put("role", "model").putArray("parts");
        if (reply.text() != null) {
            parts.addObject().put("text", reply.text());
        }
        for (GeminiReply.FunctionCall c : reply.calls()) {
            parts.addObject().putObject("functionCall").put("name", c.name()).set("args", parse(c.argsJson()));
        }
        candidate.put("finishReason", reply.finishReason());
        candidate.put("index", 0);
        safetyRatings(candidate);
        r.set("usageMetadata", usage(reply, reply.candidatesTokens()));
        r.put("modelVersion", call.model());
        r.put("responseId", "resp-fake-01");
        return r;
    }

    /** The stream's events: one per word of the text, one with all function calls, finishReason on the last. */
    static List<ObjectNode> events(FakeGeminiUpstream.Call call, GeminiReply reply) {
        List<ObjectNode> events = new ArrayList<>();
        List<ArrayNode> partsPerEvent = new ArrayList<>();
        if (reply.text() != null) {
            String[] words = reply.text().split(" ");
            for (int i = 0; i < words.length; i++) {
                partsPerEvent.add(FakeOpenAiUpstream.JSON.createArrayNode());
                partsPerEvent.get(i).addObject().put("text", (i == 0 ? "" : " ") + words[i]);
            }
        }
        if (!reply.calls().isEmpty()) {
            ArrayNode parts = FakeOpenAiUpstream.JSON.createArrayNode();
            for (GeminiReply.FunctionCall c : reply.calls()) {
                parts.addObject().putObject("functionCall").put("name", c.name()).set("args", parse(c.argsJson()));
            }
            partsPerEvent.add(parts);
        }
        for (int i = 0; i < partsPerEvent.size(); i++) {
            boolean last = i == partsPerEvent.size() - 1;
            ObjectNode e = obj();
            ObjectNode candidate = e.putArray("candidates").addObject();
            candidate.putObject("content").put("role", "model").set("parts", partsPerEvent.get(i));
            if (last) {
                candidate.put("finishReason", reply.finishReason());
                safetyRatings(candidate);
            }
            candidate.put("index", 0);
            e.set("usageMetadata", usage(reply, last ? reply.candidatesTokens() : i + 1));
            e.put("modelVersion", call.model());
            e.put("responseId", "resp-fake-01");
            events.add(e);
        }
        return events;
    }

    private static ObjectNode usage(GeminiReply reply, int candidates) {
        ObjectNode u = obj().put("promptTokenCount", reply.promptTokens()).put("candidatesTokenCount", candidates)
                .put("totalTokenCount", reply.promptTokens() + candidates);
        if (reply.cachedTokens() > 0) {
            u.put("cachedContentTokenCount", reply.cachedTokens());
        }
        u.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", reply.promptTokens());
        return u;
    }

    private static void safetyRatings(ObjectNode candidate) {
        ArrayNode ratings = candidate.putArray("safetyRatings");
        for (String category : new String[] { "HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_DANGEROUS_CONTENT",
                "HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_SEXUALLY_EXPLICIT" }) {
            ratings.addObject().put("category", category).put("probability", "NEGLIGIBLE");
        }
    }

    private static void send(FakeGeminiUpstream.Call call, List<ObjectNode> events, boolean end) {
        HttpServerResponse r = call.request().response().setChunked(true)
                .putHeader("content-type", "text/event-stream").putHeader("x-content-type-options", "nosniff");
        for (ObjectNode e : events) {
            // Google frames its events with CRLF line ends
            r.write("data: " + e + "\r\n\r\n");
        }
        if (end) {
            r.end();
        }
    }

    static void json(HttpServerResponse r, int status, ObjectNode body) {
        if (r.closed()) {
            return;
        }
        r.setStatusCode(status).putHeader("content-type", "application/json; charset=UTF-8").end(body.toString());
    }

    private static ObjectNode obj() {
        return FakeOpenAiUpstream.JSON.createObjectNode();
    }

    private static JsonNode parse(String json) {
        try {
            return FakeOpenAiUpstream.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
