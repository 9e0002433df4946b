package io.llmrouter.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.CancelToken;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A call made on an event loop goes over a connection of that loop. Vert.x's shared pool hands the most recently used
 * idle connection to any caller, so calls from two loops taking turns would share one connection, and every call would
 * hop to the other loop and back (a wake-up each way).
 */
class UpstreamHttpEventLoopAffinityTest {

    private static Vertx vertx;
    private static HttpServer upstream;
    private static UpstreamHttp http;
    /** The client port of each request the upstream received, in order. */
    private static final List<Integer> ports = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        upstream = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            ports.add(req.remoteAddress().port());
            req.response().putHeader("content-type", "application/json").end("{}");
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        http = new UpstreamHttp(vertx, 8);
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void callsFromTwoEventLoopsTakingTurnsEachKeepAConnectionOfTheirLoop() throws Exception {
        Context a = verticleContext();
        Context b = verticleContext();
        assertThat(thread(a)).as("two event loops").isNotEqualTo(thread(b));

        for (int i = 0; i < 3; i++) {
            callFrom(a);
            callFrom(b);
        }

        assertThat(List.of(ports.get(0), ports.get(2), ports.get(4))).as("loop a's calls").containsOnly(ports.get(0));
        assertThat(List.of(ports.get(1), ports.get(3), ports.get(5))).as("loop b's calls").containsOnly(ports.get(1));
        assertThat(ports.get(0)).as("one connection per loop").isNotEqualTo(ports.get(1));
    }

    private static void callFrom(Context context) throws Exception {
        CompletableFuture<String> answeredOn = new CompletableFuture<>();
        CallOptions options = new CallOptions(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10),
                new CancelToken());
        context.runOnContext(v -> http.post("http://127.0.0.1:" + upstream.actualPort() + "/v1/chat/completions",
                        Map.of(), Buffer.buffer("{}"), Duration.ofSeconds(2), options, "application/json",
                        resp -> resp.body().map(body -> Thread.currentThread().getName()))
                .onSuccess(answeredOn::complete).onFailure(answeredOn::completeExceptionally));
        assertThat(answeredOn.get(10, TimeUnit.SECONDS)).as("answered on the caller's loop").isEqualTo(thread(context));
    }

    /** A context of its own, as each verticle has one, on the next event loop in turn. */
    private static Context verticleContext() throws Exception {
        CompletableFuture<Context> made = new CompletableFuture<>();
        vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start() {
                made.complete(context);
            }
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return made.get();
    }

    private static String thread(Context context) throws Exception {
        CompletableFuture<String> name = new CompletableFuture<>();
        context.runOnContext(v -> name.complete(Thread.currentThread().getName()));
        return name.get(10, TimeUnit.SECONDS);
    }
}
