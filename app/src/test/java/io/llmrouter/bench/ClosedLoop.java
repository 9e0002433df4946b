package io.llmrouter.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * One measurement phase: {@code workers} closed-loop workers on one event loop, each sending its next request as soon as
 * the previous one has ended, until the deadline. Records the time to the whole response (plain) or to the first
 * content event and to the end (streams) of every request that ended before the deadline; requests still in flight
 * then are drained, and counted only if they fail.
 */
final class ClosedLoop {

    /** What one phase sends, and where. */
    record Target(String name, int port, String body, boolean stream) {
    }

    /** What one phase measured. */
    record Result(Target target, long seconds, Latencies firstContent, Latencies complete, long errors, String firstError) {

        double requestsPerSecond() {
            return complete.count() / (double) seconds;
        }
    }

    private static final String CONTENT = "\"content\":\"";
    private static final String DONE = "data: [DONE]";

    private final Context context;
    private final HttpClient client;
    private final Target target;
    private final Buffer body;
    private final Latencies firstContent = new Latencies();
    private final Latencies complete = new Latencies();
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private long seconds;
    private long deadline;
    private int active;
    private long errors;
    private String firstError;

    ClosedLoop(Context context, HttpClient client, Target target) {
        this.context = context;
        this.client = client;
        this.target = target;
        this.body = Buffer.buffer(target.body());
    }

    /** Runs for {@code seconds} with {@code workers} requests in flight; completes when the last one has ended. */
    CompletableFuture<Result> run(int workers, long seconds) {
        this.seconds = seconds;
        context.runOnContext(v -> {
            deadline = System.nanoTime() + seconds * 1_000_000_000L;
            active = workers;
            for (int i = 0; i < workers; i++) {
                next();
            }
        });
        return done;
    }

    private void next() {
        long start = System.nanoTime();
        if (start >= deadline) {
            if (--active == 0) {
                done.complete(new Result(target, seconds, firstContent, complete, errors, firstError));
            }
            return;
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(target.port()).setURI("/v1/chat/completions").setIdleTimeout(10_000)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer sk-bench");
        client.request(options).compose(req -> req.send(body)).onComplete(ar -> {
            if (ar.failed()) {
                failed(ar.cause().toString());
            } else if (ar.result().statusCode() != 200) {
                HttpClientResponse r = ar.result();
                r.body().onComplete(b -> failed("HTTP " + r.statusCode() + ": "
                        + (b.succeeded() ? b.result().toString() : "")));
            } else if (target.stream()) {
                readStream(ar.result(), start);
            } else {
                ar.result().body().onComplete(b -> {
                    if (b.failed()) {
                        failed(b.cause().toString());
                    } else {
                        ended(start, -1);
                    }
                });
            }
        });
    }

    /** Notes the first event with non-empty content and checks that the stream ends with [DONE]. */
    private void readStream(HttpClientResponse response, long start) {
        long[] first = { -1 };
        boolean[] over = { false };
        StringBuilder tail = new StringBuilder();
        response.handler(chunk -> {
            if (first[0] < 0 && hasContent(tail, chunk)) {
                first[0] = System.nanoTime();
            }
            tail.append(chunk.toString(StandardCharsets.UTF_8));
            if (tail.length() > 64) {
                tail.delete(0, tail.length() - 64);
            }
        });
        response.exceptionHandler(e -> {
            if (!over[0]) {
                over[0] = true;
                failed(e.toString());
            }
        });
        response.endHandler(v -> {
            if (over[0]) {
                return;
            }
            over[0] = true;
            if (first[0] < 0 || tail.indexOf(DONE) < 0) {
                failed("stream without content or without [DONE]: ..." + tail);
            } else {
                ended(start, first[0]);
            }
        });
    }

    /**
     * Whether {@code "content":"} followed by something other than the closing quote is in the chunk, or starts in
     * the end of what came before it.
     */
    static boolean hasContent(CharSequence before, Buffer chunk) {
        String s = before.subSequence(Math.max(0, before.length() - CONTENT.length()), before.length())
                + chunk.toString(StandardCharsets.UTF_8);
        for (int i = s.indexOf(CONTENT); i >= 0; i = s.indexOf(CONTENT, i + 1)) {
            int next = i + CONTENT.length();
            if (next < s.length() && s.charAt(next) != '"') {
                return true;
            }
        }
        return false;
    }

    private void ended(long start, long firstContentAt) {
        long now = System.nanoTime();
        if (now < deadline) {
            complete.record(now - start);
            if (firstContentAt > 0) {
                firstContent.record(firstContentAt - start);
            }
        }
        next();
    }

    /** Counts every failure, also of requests drained after the deadline: a lost answer shows up as an idle timeout. */
    private void failed(String what) {
        errors++;
        if (firstError == null) {
            firstError = what;
        }
        next();
    }
}
