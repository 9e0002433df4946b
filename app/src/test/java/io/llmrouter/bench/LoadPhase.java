package io.llmrouter.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * One measurement phase on one event loop, in one of two modes. Closed loop: {@code connections} workers, each sending
 * its next request as soon as the previous one has ended, so the load is as high as the system allows (requests/s at
 * saturation). Paced: requests sent at a fixed total rate over at most {@code connections} connections, so the latency
 * is that of a system that keeps up; a request that finds every connection busy waits, and its wait counts. Records
 * the time to the whole response (plain) or to the first content event and to the end (streams) of every request that
 * ended before the deadline; requests still in flight then are drained, and counted only if they fail.
 */
final class LoadPhase {

    /** What one phase sends, and where; with several bodies, request n sends body n modulo their number. */
    record Target(String name, int port, List<String> bodies, boolean stream, String bearer) {

        Target {
            bodies = List.copyOf(bodies);
            if (bodies.isEmpty()) {
                throw new IllegalArgumentException("a target needs a body");
            }
        }

        Target(String name, int port, List<String> bodies, boolean stream) {
            this(name, port, bodies, stream, "sk-bench");
        }

        Target(String name, int port, String body, boolean stream) {
            this(name, port, List.of(body), stream);
        }
    }

    /**
     * What one phase measured; {@code rate} is 0 for a closed loop. Per second of the phase: answers, errors, and the
     * slowest error's latency in nanoseconds.
     */
    record Result(Target target, int rate, long seconds, Latencies firstContent, Latencies complete, long errors,
                  String firstError, long[] okBySecond, long[] errorsBySecond, long[] slowestErrorBySecond) {

        double requestsPerSecond() {
            return complete.count() / (double) seconds;
        }

        String name() {
            return target.name() + (rate > 0 ? " @" + rate + "/s" : "");
        }
    }

    private static final String CONTENT = "\"content\":\"";
    private static final String DONE = "data: [DONE]";
    private static final long TICK_MILLIS = 1;

    private final Context context;
    private final HttpClient client;
    private final Target target;
    private final Buffer[] bodies;
    private int sent;
    private final Latencies firstContent = new Latencies();
    private final Latencies complete = new Latencies();
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();
    private int rate;
    private long seconds;
    private long deadline;
    private int connections;
    private int inFlight;
    private long nextDue;
    private long intervalNanos;
    private long timer = -1;
    private long errors;
    private String firstError;
    private long phaseStart;
    private long[] okBySecond;
    private long[] errorsBySecond;
    private long[] slowestErrorBySecond;

    LoadPhase(Context context, HttpClient client, Target target) {
        this.context = context;
        this.client = client;
        this.target = target;
        this.bodies = target.bodies().stream().map(Buffer::buffer).toArray(Buffer[]::new);
    }

    /** Closed loop for {@code seconds} with {@code connections} requests in flight; completes when all have ended. */
    CompletableFuture<Result> closed(int connections, long seconds) {
        return start(connections, 0, seconds);
    }

    /** {@code rate} requests/s for {@code seconds} over at most {@code connections} connections. */
    CompletableFuture<Result> paced(int connections, int rate, long seconds) {
        return start(connections, rate, seconds);
    }

    private CompletableFuture<Result> start(int connections, int rate, long seconds) {
        this.connections = connections;
        this.rate = rate;
        this.seconds = seconds;
        okBySecond = new long[(int) seconds];
        errorsBySecond = new long[(int) seconds];
        slowestErrorBySecond = new long[(int) seconds];
        context.runOnContext(v -> {
            long now = System.nanoTime();
            phaseStart = now;
            deadline = now + seconds * 1_000_000_000L;
            if (rate == 0) {
                for (int i = 0; i < connections; i++) {
                    send(now);
                }
            } else {
                intervalNanos = 1_000_000_000L / rate;
                nextDue = now;
                timer = context.owner().setPeriodic(TICK_MILLIS, id -> tick());
            }
        });
        return done;
    }

    /** Paced mode: sends what has come due, or queues it when every connection is busy. */
    private void tick() {
        long now = System.nanoTime();
        if (now >= deadline) {
            // nothing goes out after the deadline, not even what a late tick still owes: the phase is over
            context.owner().cancelTimer(timer);
            waiting.clear();
            finishIfIdle();
            return;
        }
        for (; nextDue <= now && nextDue < deadline; nextDue += intervalNanos) {
            if (inFlight < connections) {
                send(now);
            } else {
                waiting.add(now);
            }
        }
    }

    /** Sends one request; {@code start} is when it was due, which is also when it is sent unless it had to wait. */
    private void send(long start) {
        inFlight++;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(target.port()).setURI("/v1/chat/completions").setIdleTimeout(10_000)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + target.bearer());
        Buffer body = bodies[sent];
        sent = (sent + 1) % bodies.length;
        client.request(options).compose(req -> req.send(body)).onComplete(ar -> {
            if (ar.failed()) {
                failed(start, ar.cause().toString());
            } else if (ar.result().statusCode() != 200) {
                HttpClientResponse r = ar.result();
                r.body().onComplete(b -> failed(start, "HTTP " + r.statusCode() + ": "
                        + (b.succeeded() ? b.result().toString() : "")));
            } else if (target.stream()) {
                readStream(ar.result(), start);
            } else {
                ar.result().body().onComplete(b -> {
                    if (b.failed()) {
                        failed(start, b.cause().toString());
                    } else {
                        ended(start, -1);
                    }
                });
            }
        });
    }

    /** After a request: the next one of a closed loop, a waiting one of a paced phase, or the end of the phase. */
    private void next() {
        inFlight--;
        long now = System.nanoTime();
        if (now < deadline) {
            if (rate == 0) {
                send(now);
            } else if (!waiting.isEmpty()) {
                send(waiting.poll());
            }
        }
        finishIfIdle();
    }

    private void finishIfIdle() {
        if (inFlight == 0 && System.nanoTime() >= deadline && !done.isDone()) {
            done.complete(new Result(target, rate, seconds, firstContent, complete, errors, firstError, okBySecond,
                    errorsBySecond, slowestErrorBySecond));
        }
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
                failed(start, e.toString());
            }
        });
        response.endHandler(v -> {
            if (over[0]) {
                return;
            }
            over[0] = true;
            if (first[0] < 0 || tail.indexOf(DONE) < 0) {
                failed(start, "stream without content or without [DONE]: ..." + tail);
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

    private int second(long now) {
        return (int) Math.min(okBySecond.length - 1, Math.max(0, (now - phaseStart) / 1_000_000_000L));
    }

    private void ended(long start, long firstContentAt) {
        long now = System.nanoTime();
        if (now < deadline) {
            okBySecond[second(now)]++;
            complete.record(now - start);
            if (firstContentAt > 0) {
                firstContent.record(firstContentAt - start);
            }
        }
        next();
    }

    /** Counts every failure, also of requests drained after the deadline: a lost answer shows up as an idle timeout. */
    private void failed(long start, String what) {
        long now = System.nanoTime();
        if (now < deadline) {
            int s = second(now);
            errorsBySecond[s]++;
            slowestErrorBySecond[s] = Math.max(slowestErrorBySecond[s], now - start);
        }
        errors++;
        if (firstError == null) {
            firstError = what;
        }
        next();
    }
}
