package io.llmrouter.testing;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;

/**
 * The fake upstream's answers on {@code POST /v1/responses}, in OpenAI's Responses API wire format as its API reference
 * shows it: a {@code response} object, or the stream of semantic events (response.created, response.in_progress,
 * response.output_item.added, response.content_part.added, response.output_text.delta..., response.output_text.done,
 * response.content_part.done, response.output_item.done, response.completed; for a function call its
 * function_call_arguments events instead of the content ones), each framed as {@code event:}/{@code data:} with its
 * {@code sequence_number}, and no {@code [DONE]}. Usage: 10 input tokens, 4 of them cached, one output token a word.
 */
final class ResponsesWire {

    static final int INPUT_TOKENS = 10;
    static final int CACHED_TOKENS = 4;

    private final Call call;
    private final ObjectNode response;
    private final List<ObjectNode> events = new ArrayList<>();

    private ResponsesWire(Call call) {
        this.call = call;
        JsonNode body = call.body();
        ObjectNode r = FakeOpenAiUpstream.JSON.createObjectNode();
        r.put("id", "resp_fake" + Long.toHexString(System.nanoTime()));
        r.put("object", "response");
        r.put("created_at", 1_741_476_542L);
        r.put("status", "in_progress");
        r.putNull("error");
        r.putNull("incomplete_details");
        r.set("instructions", body.path("instructions").isMissingNode() ? null : body.get("instructions"));
        r.set("max_output_tokens", body.get("max_output_tokens"));
        r.put("model", call.model() + "-2025-04-14");
        r.putArray("output");
        r.put("parallel_tool_calls", body.path("parallel_tool_calls").asBoolean(true));
        r.set("previous_response_id", body.get("previous_response_id"));
        r.putObject("reasoning").putNull("effort").putNull("summary");
        r.put("store", body.path("store").asBoolean(true));
        r.put("temperature", body.path("temperature").asDouble(1.0));
        r.set("text", body.has("text") ? body.get("text") : FakeOpenAiUpstream.JSON.createObjectNode()
                .set("format", FakeOpenAiUpstream.JSON.createObjectNode().put("type", "text")));
        r.set("tool_choice", body.has("tool_choice") ? body.get("tool_choice")
                : FakeOpenAiUpstream.JSON.getNodeFactory().textNode("auto"));
        r.set("tools", body.has("tools") ? body.get("tools") : FakeOpenAiUpstream.JSON.createArrayNode());
        r.put("top_p", body.path("top_p").asDouble(1.0));
        r.put("truncation", "disabled");
        r.putNull("usage");
        r.set("user", body.get("user"));
        r.set("metadata", body.has("metadata") ? body.get("metadata") : FakeOpenAiUpstream.JSON.createObjectNode());
        this.response = r;
    }

    /** The answer with the text, or with a call of {@code tool[0]} with arguments {@code tool[1]}. */
    static void respond(Call call, String text, String[] tool) {
        respond(call, text, tool, false);
    }

    /**
     * A stream that fails after it started: {@code response.failed} with the error OpenAI gives, e.g. code
     * {@code invalid_prompt} for a prompt the model refuses, or {@code server_error}.
     */
    static void failed(Call call, String code, String message) {
        ResponsesWire w = new ResponsesWire(call);
        w.event("response.created").set("response", w.response.deepCopy());
        w.event("response.in_progress").set("response", w.response.deepCopy());
        w.response.put("status", "failed");
        w.response.putObject("error").put("code", code).put("message", message);
        w.event("response.failed").set("response", w.response);
        w.send(call, false);
    }

    /** As above; {@code done} adds a chat-style {@code data: [DONE]} after the last event, as some proxies do. */
    static void respond(Call call, String text, String[] tool, boolean done) {
        ResponsesWire w = new ResponsesWire(call);
        w.event("response.created").set("response", w.response.deepCopy());
        w.event("response.in_progress").set("response", w.response.deepCopy());
        int words = tool != null ? 12 : w.text(text);
        if (tool != null) {
            w.functionCall(tool[0], tool[1]);
        }
        w.response.put("status", "completed");
        ObjectNode usage = w.response.putObject("usage");
        usage.put("input_tokens", INPUT_TOKENS);
        usage.putObject("input_tokens_details").put("cached_tokens", CACHED_TOKENS);
        usage.put("output_tokens", words);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", INPUT_TOKENS + words);
        w.event("response.completed").set("response", w.response);
        w.send(call, done);
    }

    private void send(Call call, boolean done) {
        HttpServerResponse out = call.request().response();
        if (!call.streamed()) {
            Behavior.json(out, 200, response);
            return;
        }
        Behavior.sseHeaders(out);
        for (ObjectNode e : events) {
            out.write("event: " + e.get("type").asText() + "\ndata: " + e + "\n\n");
        }
        if (done) {
            out.write("data: [DONE]\n\n");
        }
        out.end();
    }

    private int text(String text) {
        String id = "msg_fake" + Long.toHexString(System.nanoTime());
        ObjectNode item = message(id, "in_progress");
        event("response.output_item.added").put("output_index", 0).set("item", item.deepCopy());
        ObjectNode added = part(event("response.content_part.added"), id);
        added.set("part", textPart(""));
        String[] words = text.split(" ");
        for (int i = 0; i < words.length; i++) {
            part(event("response.output_text.delta"), id).put("delta", (i == 0 ? "" : " ") + words[i])
                    .putArray("logprobs");
        }
        part(event("response.output_text.done"), id).put("text", text).putArray("logprobs");
        part(event("response.content_part.done"), id).set("part", textPart(text));
        ObjectNode done = message(id, "completed");
        ((ArrayNode) done.get("content")).add(textPart(text));
        event("response.output_item.done").put("output_index", 0).set("item", done);
        ((ArrayNode) response.get("output")).add(done);
        return words.length;
    }

    private void functionCall(String name, String arguments) {
        String id = "fc_fake" + Long.toHexString(System.nanoTime());
        ObjectNode item = FakeOpenAiUpstream.JSON.createObjectNode().put("id", id).put("type", "function_call")
                .put("status", "in_progress").put("arguments", "").put("call_id", "call_fake_1").put("name", name);
        event("response.output_item.added").put("output_index", 0).set("item", item.deepCopy());
        int half = arguments.length() / 2;
        for (String piece : new String[] { arguments.substring(0, half), arguments.substring(half) }) {
            event("response.function_call_arguments.delta").put("item_id", id).put("output_index", 0)
                    .put("delta", piece);
        }
        event("response.function_call_arguments.done").put("item_id", id).put("output_index", 0)
                .put("arguments", arguments);
        item.put("status", "completed").put("arguments", arguments);
        event("response.output_item.done").put("output_index", 0).set("item", item);
        ((ArrayNode) response.get("output")).add(item);
    }

    private ObjectNode event(String type) {
        ObjectNode e = FakeOpenAiUpstream.JSON.createObjectNode().put("type", type)
                .put("sequence_number", events.size());
        events.add(e);
        return e;
    }

    private static ObjectNode part(ObjectNode event, String itemId) {
        return event.put("item_id", itemId).put("output_index", 0).put("content_index", 0);
    }

    private static ObjectNode message(String id, String status) {
        ObjectNode m = FakeOpenAiUpstream.JSON.createObjectNode().put("id", id).put("type", "message")
                .put("status", status).put("role", "assistant");
        m.putArray("content");
        return m;
    }

    private static ObjectNode textPart(String text) {
        ObjectNode p = FakeOpenAiUpstream.JSON.createObjectNode().put("type", "output_text");
        p.putArray("annotations");
        p.put("text", text);
        return p;
    }
}
