package io.llmrouter.testing;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;

/**
 * How the fake Anthropic upstream answers one model, in the Messages API's wire format as its reference documents it:
 * a {@code "type":"message"} object, or the event sequence message_start, content_block_start, ping,
 * content_block_delta (text_delta, input_json_delta), content_block_stop, message_delta, message_stop, each as an
 * {@code event:} line and a {@code data:} line. Errors carry {@code {"type":"error","error":{"type","message"}}}.
 */
@FunctionalInterface
public interface AnthropicBehavior {

    void respond(FakeAnthropicUpstream.Call call);

    /** The reply, as one message or as a stream when the request streams. */
    static AnthropicBehavior reply(AnthropicReply reply) {
        return call -> {
            if (call.streamed()) {
                Events events = Events.of(call, reply);
                events.send(call.request().response(), events.size(), true);
            } else {
                json(call.request().response(), 200, message(call, reply));
            }
        };
    }

    static AnthropicBehavior text(String text) {
        return reply(AnthropicReply.text(text));
    }

    /** An error answer with the request-id header Anthropic sends; {@code retryAfter} seconds unless null. */
    static AnthropicBehavior error(int status, String type, String message, String retryAfter) {
        return call -> {
            HttpServerResponse r = call.request().response();
            if (retryAfter != null) {
                r.putHeader("retry-after", retryAfter);
            }
            json(r, status, errorBody(type, message));
        };
    }

    /** Streams message_start, then an {@code error} event (as Anthropic does when it becomes overloaded mid-stream). */
    static AnthropicBehavior errorEvent(String type, String message) {
        return call -> {
            HttpServerResponse r = sseHeaders(call.request().response());
            Events events = Events.of(call, AnthropicReply.text("unused"));
            r.write(events.get(0));
            r.end(Events.event("error", errorBody(type, message)));
        };
    }

    /** Streams the reply up to and including message_delta, then ends the response without message_stop. */
    static AnthropicBehavior noMessageStop(AnthropicReply reply) {
        return call -> {
            Events events = Events.of(call, reply);
            events.send(call.request().response(), events.size() - 1, true);
        };
    }

    /** Streams the first {@code events} events of the reply, then closes the connection (without message_stop). */
    static AnthropicBehavior cutAfter(int events, AnthropicReply reply) {
        return call -> {
            Events all = Events.of(call, reply);
            all.send(call.request().response(), Math.min(events, all.size()), false);
            call.request().connection().close();
        };
    }

    /** Streams the reply with an event that is not JSON after its first text delta (a sloppy server). */
    static AnthropicBehavior malformedEventWithin(AnthropicReply reply) {
        return call -> {
            Events events = Events.of(call, reply);
            HttpServerResponse r = sseHeaders(call.request().response());
            for (int i = 0; i < events.size(); i++) {
                r.write(events.get(i));
                if (i == 3) {
                    r.write("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\n\n");
                }
            }
            r.end();
        };
    }

    /** Accepts the request and never answers. */
    static AnthropicBehavior hang() {
        return call -> { };
    }

    static ObjectNode errorBody(String type, String message) {
        ObjectNode body = FakeOpenAiUpstream.JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        body.put("request_id", "req_fake");
        return body;
    }

    static ObjectNode message(FakeAnthropicUpstream.Call call, AnthropicReply reply) {
        ObjectNode m = FakeOpenAiUpstream.JSON.createObjectNode();
        m.put("id", "msg_fake01");
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", call.model());
        ArrayNode content = m.putArray("content");
        if (reply.text() != null) {
            content.addObject().put("type", "text").put("text", reply.text());
        }
        for (AnthropicReply.Tool t : reply.tools()) {
            content.addObject().put("type", "tool_use").put("id", t.id()).put("name", t.name())
                    .set("input", parse(t.inputJson()));
        }
        m.put("stop_reason", reply.stopReason());
        m.putNull("stop_sequence");
        m.set("usage", usage(reply, reply.outputTokens()));
        return m;
    }

    private static ObjectNode usage(AnthropicReply reply, int output) {
        return FakeOpenAiUpstream.JSON.createObjectNode().put("input_tokens", reply.inputTokens())
                .put("cache_creation_input_tokens", reply.cacheCreationTokens())
                .put("cache_read_input_tokens", reply.cacheReadTokens()).put("output_tokens", output);
    }

    private static JsonNode parse(String json) {
        try {
            return FakeOpenAiUpstream.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static HttpServerResponse sseHeaders(HttpServerResponse r) {
        return r.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache").putHeader("request-id", "req_fake");
    }

    static void json(HttpServerResponse r, int status, ObjectNode body) {
        if (r.closed()) {
            return;
        }
        r.setStatusCode(status).putHeader("content-type", "application/json").putHeader("request-id", "req_fake")
                .end(body.toString());
    }

    /** A reply's streamed events, in the reference's order. */
    final class Events {
        private final List<String> events = new ArrayList<>();

        static Events of(FakeAnthropicUpstream.Call call, AnthropicReply reply) {
            Events e = new Events();
            ObjectNode start = FakeOpenAiUpstream.JSON.createObjectNode().put("type", "message_start");
            ObjectNode message = start.putObject("message").put("id", "msg_fake01").put("type", "message")
                    .put("role", "assistant");
            message.putArray("content");
            message.put("model", call.model()).putNull("stop_reason").putNull("stop_sequence");
            message.set("usage", usage(reply, 1));
            e.add("message_start", start);
            int index = 0;
            if (reply.text() != null) {
                e.add("content_block_start", block(index).set("content_block",
                        obj().put("type", "text").put("text", "")));
                e.add("ping", obj().put("type", "ping"));
                String[] words = reply.text().split(" ");
                for (int i = 0; i < words.length; i++) {
                    e.add("content_block_delta", delta(index, obj().put("type", "text_delta")
                            .put("text", (i == 0 ? "" : " ") + words[i])));
                }
                e.add("content_block_stop", stop(index));
                index++;
            }
            for (AnthropicReply.Tool t : reply.tools()) {
                ObjectNode block = obj().put("type", "tool_use").put("id", t.id()).put("name", t.name());
                block.putObject("input");
                e.add("content_block_start", block(index).set("content_block", block));
                int half = t.inputJson().length() / 2;
                for (String part : new String[] { "", t.inputJson().substring(0, half), t.inputJson().substring(half) }) {
                    e.add("content_block_delta", delta(index, obj().put("type", "input_json_delta")
                            .put("partial_json", part)));
                }
                e.add("content_block_stop", stop(index));
                index++;
            }
            ObjectNode md = obj().put("type", "message_delta");
            md.putObject("delta").put("stop_reason", reply.stopReason()).putNull("stop_sequence");
            md.putObject("usage").put("output_tokens", reply.outputTokens());
            e.add("message_delta", md);
            e.add("message_stop", obj().put("type", "message_stop"));
            return e;
        }

        int size() {
            return events.size();
        }

        String get(int i) {
            return events.get(i);
        }

        /** Writes the first {@code count} events, then ends the response when {@code end}. */
        void send(HttpServerResponse r, int count, boolean end) {
            sseHeaders(r);
            for (int i = 0; i < count; i++) {
                r.write(events.get(i));
            }
            if (end) {
                r.end();
            }
        }

        static String event(String name, ObjectNode data) {
            return "event: " + name + "\ndata: " + data + "\n\n";
        }

        private void add(String name, ObjectNode data) {
            events.add(event(name, data));
        }

        private static ObjectNode obj() {
            return FakeOpenAiUpstream.JSON.createObjectNode();
        }

        private static ObjectNode block(int index) {
            return obj().put("type", "content_block_start").put("index", index);
        }

        private static ObjectNode delta(int index, ObjectNode delta) {
            ObjectNode e = obj().put("type", "content_block_delta").put("index", index);
            e.set("delta", delta);
            return e;
        }

        private static ObjectNode stop(int index) {
            return obj().put("type", "content_block_stop").put("index", index);
        }
    }
}
