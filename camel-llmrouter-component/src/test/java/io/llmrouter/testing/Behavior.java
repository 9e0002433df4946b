package io.llmrouter.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * How the fake upstream answers one model, in OpenAI's wire format. Chat answers follow the Chat Completions reference:
 * {@code chat.completion} objects, or {@code chat.completion.chunk} events (a role chunk, content chunks, a chunk
 * with {@code finish_reason}, a usage chunk with empty {@code choices} when {@code stream_options.include_usage} is set,
 * then {@code data: [DONE]}). Errors carry OpenAI's error JSON.
 */
@FunctionalInterface
public interface Behavior {

    void respond(Call call);

    /**
     * A text answer; streamed word by word when the request streams. Usage counts words. On {@code /v1/responses}, in
     * the Responses API's format ({@link ResponsesWire}).
     */
    static Behavior text(String text) {
        return call -> {
            if (call.responses()) {
                ResponsesWire.respond(call, text, null);
            } else if (call.embeddings()) {
                embeddings(3).respond(call);
            } else if (call.streamed()) {
                Stream.of(call, text, null, -1, null).run();
            } else {
                json(call.request().response(), 200, completion(call, text, null));
            }
        };
    }

    /** On {@code /v1/responses}: the text, streamed with a chat-style {@code data: [DONE]} after its last event. */
    static Behavior responsesWithDone(String text) {
        return call -> ResponsesWire.respond(call, text, null, true);
    }

    /** On {@code /v1/responses}: a stream that starts, then ends with {@code response.failed} and this error. */
    static Behavior responsesFailed(String code, String message) {
        return call -> ResponsesWire.failed(call, code, message);
    }

    /** A call of the named tool with the given JSON arguments, finish_reason tool_calls. */
    static Behavior toolCall(String name, String arguments) {
        return call -> {
            if (call.responses()) {
                ResponsesWire.respond(call, null, new String[] { name, arguments });
            } else if (call.streamed()) {
                Stream.of(call, null, new String[] { name, arguments }, -1, null).run();
            } else {
                json(call.request().response(), 200, completion(call, null, new String[] { name, arguments }));
            }
        };
    }

    /**
     * A streamed answer of parallel tool calls, given as name then JSON arguments in turn, ending with finish_reason
     * tool_calls; their ids are {@code call_<upstream model>_1}, {@code _2}, ... Its events: the role chunk, then for
     * each call a chunk opening it (index, id, name, empty arguments) and its arguments in pieces of
     * {@link #ARGUMENT_PIECE} characters; then the finish chunk, the usage chunk when asked for, and [DONE].
     */
    static Behavior toolCalls(String... nameThenArguments) {
        return toolCallsCutAfter(-1, nameThenArguments);
    }

    /** The characters of tool-call arguments in one event of {@link #toolCalls}. */
    int ARGUMENT_PIECE = 8;

    /** {@link #toolCalls} streamed up to {@code events} events, then the connection closed without [DONE]. */
    static Behavior toolCallsCutAfter(int events, String... nameThenArguments) {
        return call -> Stream.ofCalls(call, nameThenArguments, events).run();
    }

    /**
     * An embeddings list with one vector of the given size per input; as little-endian float32 in base64 when the
     * request says {@code encoding_format: base64} (the OpenAI SDKs' default).
     */
    static Behavior embeddings(int dims) {
        return call -> {
            ObjectNode r = FakeOpenAiUpstream.JSON.createObjectNode();
            r.put("object", "list");
            ArrayNode data = r.putArray("data");
            int inputs = call.body().path("input").isArray() ? call.body().path("input").size() : 1;
            boolean base64 = "base64".equals(call.body().path("encoding_format").asText());
            for (int i = 0; i < inputs; i++) {
                ObjectNode e = data.addObject();
                e.put("object", "embedding");
                e.put("index", i);
                if (base64) {
                    ByteBuffer bytes = ByteBuffer.allocate(dims * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    for (int d = 0; d < dims; d++) {
                        bytes.putFloat(0.25f * (d + 1));
                    }
                    e.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
                } else {
                    ArrayNode v = e.putArray("embedding");
                    for (int d = 0; d < dims; d++) {
                        v.add(0.25 * (d + 1));
                    }
                }
            }
            r.put("model", call.model());
            r.putObject("usage").put("prompt_tokens", 5).put("total_tokens", 5);
            json(call.request().response(), 200, r);
        };
    }

    /** An OpenAI error response. */
    static Behavior error(int status, String type, String code, String message) {
        return errorWithHeaders(status, type, code, null, message, null);
    }

    /** 429 with OpenAI's rate-limit error body; {@code retryAfter} seconds in Retry-After unless null. */
    static Behavior rateLimited(String retryAfter) {
        return errorWithHeaders(429, "requests", "rate_limit_exceeded", null,
                "Rate limit reached for requests. Please try again later.", retryAfter);
    }

    /** OpenAI's 500. */
    static Behavior serverError() {
        return error(500, "server_error", null,
                "The server had an error while processing your request. Sorry about that!");
    }

    /** OpenAI's 503 when the model is overloaded. */
    static Behavior overloaded() {
        return error(503, "server_error", null, "The engine is currently overloaded, please try again later.");
    }

    /** OpenAI's 401 for a wrong key. */
    static Behavior invalidApiKey() {
        return error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: sk-test-***789. "
                + "You can find your API key at https://platform.openai.com/account/api-keys.");
    }

    /** OpenAI's 400 for a prompt longer than the model's window of {@code window} tokens. */
    static Behavior contextLengthExceeded(int window) {
        return errorWithHeaders(400, "invalid_request_error", "context_length_exceeded", "messages",
                "This model's maximum context length is " + window + " tokens. However, your messages resulted in "
                        + (window + 1000) + " tokens. Please reduce the length of the messages.", null);
    }

    /** OpenAI's 400 when its safety system rejects the request. */
    static Behavior contentPolicyViolation() {
        return error(400, "invalid_request_error", "content_policy_violation", "Your request was rejected as a result "
                + "of our safety system. Your prompt may contain text that is not allowed by our safety system.");
    }

    private static Behavior errorWithHeaders(int status, String type, String code, String param, String message,
                                             String retryAfter) {
        return call -> {
            ObjectNode body = FakeOpenAiUpstream.JSON.createObjectNode();
            ObjectNode error = body.putObject("error");
            error.put("message", message);
            error.put("type", type);
            if (param == null) {
                error.putNull("param");
            } else {
                error.put("param", param);
            }
            if (code == null) {
                error.putNull("code");
            } else {
                error.put("code", code);
            }
            HttpServerResponse r = call.request().response();
            if (retryAfter != null) {
                r.putHeader("retry-after", retryAfter);
            }
            json(r, status, body);
        };
    }

    /** The first {@code times} calls behave as {@code first}, later ones as {@code then}. */
    static Behavior times(int times, Behavior first, Behavior then) {
        AtomicInteger n = new AtomicInteger();
        return call -> (n.getAndIncrement() < times ? first : then).respond(call);
    }

    /**
     * Down for a time window, then recovered: calls within {@code window} of the first call this behaviour answers
     * behave as {@code failing}, later ones as {@code then}.
     */
    static Behavior downFor(Duration window, Behavior failing, Behavior then) {
        AtomicLong firstCall = new AtomicLong(Long.MIN_VALUE);
        return call -> {
            long now = System.nanoTime();
            firstCall.compareAndSet(Long.MIN_VALUE, now);
            (now - firstCall.get() < window.toNanos() ? failing : then).respond(call);
        };
    }

    /** A share of calls (drawn from a seeded random) behave as {@code failing}, the others as {@code otherwise}. */
    static Behavior failingShare(double share, long seed, Behavior failing, Behavior otherwise) {
        Random random = new Random(seed);
        return call -> {
            boolean fail;
            synchronized (random) {
                fail = random.nextDouble() < share;
            }
            (fail ? failing : otherwise).respond(call);
        };
    }

    /** Closes the connection before sending any header. */
    static Behavior resetConnection() {
        return call -> call.request().connection().close();
    }

    /** Accepts the request and never answers. */
    static Behavior hang() {
        return call -> { };
    }

    /** Waits before answering as {@code then} does. */
    static Behavior delayed(long millis, Behavior then) {
        return call -> call.upstream().vertx().setTimer(millis, id -> then.respond(call));
    }

    /** Streams the text, sending the first content chunk at once and the rest only when {@code release} opens. */
    static Behavior heldAfterFirstChunk(String text, CountDownLatch release) {
        return call -> Stream.of(call, text, null, -1, release).run();
    }

    /**
     * A stream whose first token is late: the status and headers go out at once, the chunks of the text only after
     * {@code millis}. A plain request gets the whole answer after the delay.
     */
    static Behavior firstTokenAfter(long millis, String text) {
        return call -> {
            if (!call.streamed()) {
                delayed(millis, text(text)).respond(call);
                return;
            }
            HttpServerResponse r = sseHeaders(call.request().response());
            r.writeHead();
            call.upstream().vertx().setTimer(millis, id -> {
                if (!r.closed()) {
                    Stream.of(call, text, null, -1, null).run();
                }
            });
        };
    }

    /** Streams {@code events} chunks of the text, then goes silent without closing the connection. */
    static Behavior stallAfter(int events, String text) {
        return call -> Stream.of(call, text, null, events, null).stall().run();
    }

    /** Streams {@code events} chunks of the text, then closes the connection without [DONE]. */
    static Behavior cutAfter(int events, String text) {
        return call -> Stream.of(call, text, null, events, null).run();
    }

    /** Streams the text completely but ends without the [DONE] event. */
    static Behavior noDone(String text) {
        return call -> Stream.of(call, text, null, Integer.MAX_VALUE, null).run();
    }

    /** Streams the text completely, with [DONE], but with an event that is not JSON after its first word. */
    static Behavior malformedEventWithin(String text) {
        return call -> Stream.of(call, text, null, -1, null).garbleAfter(2).run();
    }

    /** Sends a role chunk, then an event that is not JSON, and ends without finishing. */
    static Behavior malformedEvent() {
        return call -> {
            HttpServerResponse r = sseHeaders(call.request().response());
            r.write("data: {\"id\":\"chatcmpl-x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\""
                    + call.model() + "\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                    + "\"finish_reason\":null}]}\n\n");
            r.end("data: {not json\n\n");
        };
    }

    static HttpServerResponse sseHeaders(HttpServerResponse r) {
        if (r.headWritten()) {
            return r;
        }
        return r.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache").putHeader("x-request-id", "req_fake");
    }

    static void json(HttpServerResponse r, int status, ObjectNode body) {
        if (r.closed()) {
            return;
        }
        r.setStatusCode(status).putHeader("content-type", "application/json").putHeader("x-request-id", "req_fake")
                .putHeader("openai-processing-ms", "1").end(body.toString());
    }

    static ObjectNode completion(Call call, String text, String[] tool) {
        ObjectNode r = FakeOpenAiUpstream.JSON.createObjectNode();
        r.put("id", "chatcmpl-fake");
        r.put("object", "chat.completion");
        r.put("created", 1_700_000_000L);
        r.put("model", call.model());
        r.put("system_fingerprint", "fp_fake");
        ObjectNode choice = r.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (tool != null) {
            message.putNull("content");
            ObjectNode tc = message.putArray("tool_calls").addObject();
            tc.put("id", "call_fake_1");
            tc.put("type", "function");
            tc.putObject("function").put("name", tool[0]).put("arguments", tool[1]);
            choice.put("finish_reason", "tool_calls");
        } else {
            message.put("content", text);
            message.putNull("refusal");
            choice.put("finish_reason", "stop");
        }
        choice.putNull("logprobs");
        int completion = tool != null ? 12 : text.split(" ").length;
        r.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", completion)
                .put("total_tokens", 10 + completion);
        return r;
    }

    /** A streamed answer in OpenAI's chunk sequence, optionally cut, stalled, held or without [DONE]. */
    final class Stream {
        private final Call call;
        private final List<String> events = new ArrayList<>();
        private final int cutAfter;
        private final CountDownLatch release;
        private boolean stall;
        private int garbleAfter = -1;

        private Stream(Call call, int cutAfter, CountDownLatch release) {
            this.call = call;
            this.cutAfter = cutAfter;
            this.release = release;
        }

        static Stream of(Call call, String text, String[] tool, int cutAfter, CountDownLatch release) {
            Stream s = new Stream(call, cutAfter, release);
            s.events.add(s.chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
            int completion;
            if (tool != null) {
                s.events.add(s.chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_fake_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"" + tool[0] + "\",\"arguments\":\"\"}}]}", null));
                String args = tool[1];
                int half = args.length() / 2;
                for (String part : new String[] { args.substring(0, half), args.substring(half) }) {
                    s.events.add(s.chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                            + FakeOpenAiUpstream.JSON.getNodeFactory().textNode(part) + "}}]}", null));
                }
                s.events.add(s.chunk("{}", "tool_calls"));
                completion = 12;
            } else {
                String[] words = text.split(" ");
                for (int i = 0; i < words.length; i++) {
                    String piece = (i == 0 ? "" : " ") + words[i];
                    s.events.add(s.chunk("{\"content\":" + FakeOpenAiUpstream.JSON.getNodeFactory().textNode(piece) + "}",
                            null));
                }
                s.events.add(s.chunk("{}", "stop"));
                completion = words.length;
            }
            if (call.includeUsage()) {
                s.events.add(s.usage(completion));
            }
            return s;
        }

        static Stream ofCalls(Call call, String[] nameThenArguments, int cutAfter) {
            Stream s = new Stream(call, cutAfter, null);
            s.events.add(s.chunk("{\"role\":\"assistant\",\"content\":null}", null));
            for (int i = 0; i + 1 < nameThenArguments.length; i += 2) {
                int index = i / 2;
                ObjectNode open = FakeOpenAiUpstream.JSON.createObjectNode().put("index", index)
                        .put("id", "call_" + call.model() + "_" + (index + 1)).put("type", "function");
                open.putObject("function").put("name", nameThenArguments[i]).put("arguments", "");
                s.events.add(s.chunk("{\"tool_calls\":[" + open + "]}", null));
                String args = nameThenArguments[i + 1];
                for (int from = 0; from < args.length(); from += ARGUMENT_PIECE) {
                    ObjectNode piece = FakeOpenAiUpstream.JSON.createObjectNode().put("index", index);
                    piece.putObject("function").put("arguments",
                            args.substring(from, Math.min(args.length(), from + ARGUMENT_PIECE)));
                    s.events.add(s.chunk("{\"tool_calls\":[" + piece + "]}", null));
                }
            }
            s.events.add(s.chunk("{}", "tool_calls"));
            if (call.includeUsage()) {
                s.events.add(s.usage(12 * (nameThenArguments.length / 2)));
            }
            return s;
        }

        private String usage(int completion) {
            return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                    + call.model() + "\",\"system_fingerprint\":\"fp_fake\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,"
                    + "\"completion_tokens\":" + completion + ",\"total_tokens\":" + (10 + completion) + "}}";
        }

        private String chunk(String delta, String finish) {
            return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                    + call.model() + "\",\"system_fingerprint\":\"fp_fake\",\"choices\":[{\"index\":0,\"delta\":" + delta
                    + ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
        }

        /** Sends an event that is not JSON after the first {@code events} events. */
        Stream garbleAfter(int events) {
            garbleAfter = events;
            return this;
        }

        /** After {@code cutAfter} events, keep the connection open and send nothing more. */
        Stream stall() {
            stall = true;
            return this;
        }

        void run() {
            if (call.request().response().closed()) {
                return;
            }
            HttpServerResponse r = sseHeaders(call.request().response());
            int limit = Math.min(cutAfter < 0 ? events.size() : cutAfter, events.size());
            if (release != null) {
                // role chunk and first content chunk now, the rest when released
                r.write(event(events.get(0)));
                r.write(event(events.get(1)));
                Thread waiter = new Thread(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    call.upstream().vertx().runOnContext(v -> {
                        for (int i = 2; i < events.size() && !r.closed(); i++) {
                            r.write(event(events.get(i)));
                        }
                        if (!r.closed()) {
                            r.end("data: [DONE]\n\n");
                        }
                    });
                });
                waiter.setDaemon(true);
                waiter.start();
                return;
            }
            for (int i = 0; i < limit; i++) {
                if (i == garbleAfter) {
                    r.write("data: {\"id\":\"chatcmpl-fake\",\"choices\":[{\"delta\":{\"content\":\"oops\n\n");
                }
                r.write(event(events.get(i)));
            }
            if (stall) {
                return;
            }
            if (cutAfter < 0) {
                r.end("data: [DONE]\n\n");
            } else if (cutAfter == Integer.MAX_VALUE) {
                r.end();
            } else {
                call.request().connection().close();
            }
        }

        private static Buffer event(String json) {
            return Buffer.buffer("data: " + json + "\n\n");
        }
    }
}
