package io.llmrouter.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * How the fake Bedrock upstream answers one model, in the wire format AWS documents: a Converse answer
 * ({@code output.message.content}, {@code stopReason}, {@code usage}, {@code metrics}), or ConverseStream's binary
 * event stream: frames (prelude with total and headers length, prelude CRC, headers, JSON payload, message CRC)
 * encoded with the eventstream library, events messageStart, contentBlockStart (toolUse), contentBlockDelta (text,
 * toolUse.input), contentBlockStop, messageStop, metadata. Errors are {@code {"message"}} with {@code x-amzn-ErrorType};
 * exceptions in a stream are frames with {@code :message-type exception}.
 */
@FunctionalInterface
public interface BedrockBehavior {

    void respond(FakeBedrockUpstream.Call call);

    /** The reply, as one answer or as an event stream when ConverseStream is called. */
    static BedrockBehavior reply(BedrockReply reply) {
        return call -> {
            if (call.streamed()) {
                List<byte[]> frames = frames(reply);
                HttpServerResponse r = streamHeaders(call.request().response());
                frames.forEach(f -> r.write(Buffer.buffer(f)));
                r.end();
            } else {
                json(call.request().response(), 200, answer(reply));
            }
        };
    }

    static BedrockBehavior text(String text) {
        return reply(BedrockReply.text(text));
    }

    /** Streams the reply's frames concatenated and cut into pieces of {@code size} bytes, across frame boundaries. */
    static BedrockBehavior chopped(BedrockReply reply, int size) {
        return call -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            frames(reply).forEach(all::writeBytes);
            byte[] bytes = all.toByteArray();
            HttpServerResponse r = streamHeaders(call.request().response());
            for (int i = 0; i < bytes.length; i += size) {
                r.write(Buffer.buffer().appendBytes(bytes, i, Math.min(size, bytes.length - i)));
            }
            r.end();
        };
    }

    /** Streams the first {@code count} frames of the reply, then ends the response. */
    static BedrockBehavior cutAfter(BedrockReply reply, int count) {
        return call -> {
            HttpServerResponse r = streamHeaders(call.request().response());
            frames(reply).stream().limit(count).forEach(f -> r.write(Buffer.buffer(f)));
            r.end();
        };
    }

    /** Streams messageStart, then an exception frame such as {@code throttlingException}. */
    static BedrockBehavior streamException(String exceptionType, String message) {
        return call -> {
            HttpServerResponse r = streamHeaders(call.request().response());
            r.write(Buffer.buffer(frames(BedrockReply.text("unused")).get(0)));
            Map<String, HeaderValue> h = new LinkedHashMap<>();
            h.put(":exception-type", HeaderValue.fromString(exceptionType));
            h.put(":content-type", HeaderValue.fromString("application/json"));
            h.put(":message-type", HeaderValue.fromString("exception"));
            r.end(Buffer.buffer(encode(h, obj().put("message", message))));
        };
    }

    /** Streams messageStart, then a frame whose last byte (in the message CRC) is flipped. */
    static BedrockBehavior corruptFrame(BedrockReply reply) {
        return call -> {
            List<byte[]> frames = frames(reply);
            HttpServerResponse r = streamHeaders(call.request().response());
            r.write(Buffer.buffer(frames.get(0)));
            byte[] bad = frames.get(1).clone();
            bad[bad.length - 1] ^= 0x5a;
            r.end(Buffer.buffer(bad));
        };
    }

    /** An error answer as Bedrock sends it: the type in x-amzn-ErrorType, the message in the body. */
    static BedrockBehavior error(int status, String type, String message) {
        return call -> {
            HttpServerResponse r = call.request().response();
            r.putHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
            json(r, status, obj().put("message", message));
        };
    }

    /** Accepts the request and never answers. */
    static BedrockBehavior hang() {
        return call -> { };
    }

    static ObjectNode answer(BedrockReply reply) {
        ObjectNode a = obj();
        ObjectNode message = a.putObject("output").putObject("message").put("role", "assistant");
        ArrayNode content = message.putArray("content");
        if (reply.text() != null) {
            content.addObject().put("text", reply.text());
        }
        for (BedrockReply.Tool t : reply.tools()) {
            content.addObject().putObject("toolUse").put("toolUseId", t.id()).put("name", t.name())
                    .set("input", parse(t.inputJson()));
        }
        a.put("stopReason", reply.stopReason());
        a.set("usage", usage(reply));
        a.putObject("metrics").put("latencyMs", 321);
        return a;
    }

    /** The reply's stream, one encoded frame per event. */
    static List<byte[]> frames(BedrockReply reply) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(event("messageStart", obj().put("role", "assistant")));
        int index = 0;
        if (reply.text() != null) {
            String[] words = reply.text().split(" ");
            for (int i = 0; i < words.length; i++) {
                ObjectNode e = obj().put("contentBlockIndex", index);
                e.putObject("delta").put("text", (i == 0 ? "" : " ") + words[i]);
                frames.add(event("contentBlockDelta", e));
            }
            frames.add(event("contentBlockStop", obj().put("contentBlockIndex", index)));
            index++;
        }
        for (BedrockReply.Tool t : reply.tools()) {
            ObjectNode start = obj().put("contentBlockIndex", index);
            start.putObject("start").putObject("toolUse").put("toolUseId", t.id()).put("name", t.name());
            frames.add(event("contentBlockStart", start));
            int half = t.inputJson().length() / 2;
            for (String part : new String[] { t.inputJson().substring(0, half), t.inputJson().substring(half) }) {
                ObjectNode e = obj().put("contentBlockIndex", index);
                e.putObject("delta").putObject("toolUse").put("input", part);
                frames.add(event("contentBlockDelta", e));
            }
            frames.add(event("contentBlockStop", obj().put("contentBlockIndex", index)));
            index++;
        }
        frames.add(event("messageStop", obj().put("stopReason", reply.stopReason())));
        ObjectNode metadata = obj();
        metadata.set("usage", usage(reply));
        metadata.putObject("metrics").put("latencyMs", 321);
        frames.add(event("metadata", metadata));
        return frames;
    }

    private static byte[] event(String type, ObjectNode payload) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":event-type", HeaderValue.fromString(type));
        h.put(":content-type", HeaderValue.fromString("application/json"));
        h.put(":message-type", HeaderValue.fromString("event"));
        // Bedrock pads payloads with a "p" field so that frame sizes do not reveal the text
        payload.put("p", "abcdefghijklmnop".substring(0, 1 + type.length() % 16));
        return encode(h, payload);
    }

    private static byte[] encode(Map<String, HeaderValue> headers, ObjectNode payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Message(headers, payload.toString().getBytes(StandardCharsets.UTF_8)).encode(out);
        return out.toByteArray();
    }

    private static ObjectNode usage(BedrockReply reply) {
        ObjectNode u = obj().put("inputTokens", reply.inputTokens()).put("outputTokens", reply.outputTokens())
                .put("totalTokens", reply.inputTokens() + reply.outputTokens());
        if (reply.cacheReadTokens() > 0) {
            u.put("cacheReadInputTokens", reply.cacheReadTokens()).put("cacheWriteInputTokens", 0);
        }
        return u;
    }

    private static HttpServerResponse streamHeaders(HttpServerResponse r) {
        return r.setChunked(true).putHeader("content-type", "application/vnd.amazon.eventstream")
                .putHeader("x-amzn-RequestId", "req-fake-0001");
    }

    static void json(HttpServerResponse r, int status, ObjectNode body) {
        if (r.closed()) {
            return;
        }
        r.setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("x-amzn-RequestId", "req-fake-0001").end(body.toString());
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
