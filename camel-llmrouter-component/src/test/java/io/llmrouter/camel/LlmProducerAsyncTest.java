package io.llmrouter.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmrouter.api.CancelToken;
import io.llmrouter.testing.Behavior;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The producer never blocks its caller: in-flight requests hold sockets, not threads. */
class LlmProducerAsyncTest extends LlmCamelTestSupport {

    @Override
    protected RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("llm:chat?model=model-a");
            }
        };
    }

    @Test
    void holds200ConcurrentRequestsWithoutAThreadEach() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        upstream.on("up-a", call -> gate.thenRun(() -> Behavior.text("done").respond(call)));
        AsyncProducer producer = context.getEndpoint("direct:chat").createAsyncProducer();
        producer.start();
        try {
            warmUp(producer);
            upstream.reset();
            upstream.on("up-a", call -> gate.thenRun(() -> Behavior.text("done").respond(call)));
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

            int n = 200;
            AtomicInteger completed = new AtomicInteger();
            List<Exchange> exchanges = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Exchange ex = new DefaultExchange(context);
                ex.getMessage().setBody("request " + i);
                exchanges.add(ex);
                boolean sync = producer.process(ex, doneSync -> completed.incrementAndGet());
                assertThat(sync).as("request %d completed on the calling thread", i).isFalse();
            }
            assertThat(completed).as("nothing can complete before the upstream answers").hasValue(0);

            // every request is at the upstream at once: none waits for a free thread
            await().atMost(Duration.ofSeconds(20)).until(() -> upstream.attempts("up-a") == n);
            int threadsWhileInFlight = ManagementFactory.getThreadMXBean().getThreadCount();
            assertThat(threadsWhileInFlight - threadsBefore).as("threads added for %d in-flight requests", n)
                    .isLessThan(50);

            gate.complete(null);
            await().atMost(Duration.ofSeconds(20)).until(() -> completed.get() == n);
            assertThat(exchanges).allSatisfy(ex -> {
                assertThat(ex.getException()).isNull();
                assertThat(ex.getMessage().getBody()).isEqualTo("done");
            });
        } finally {
            gate.complete(null);
            producer.stop();
        }
    }

    @Test
    void cancellingTheExchangesTokenCancelsTheUpstreamCall() throws Exception {
        upstream.on("up-a", Behavior.hang());
        AsyncProducer producer = context.getEndpoint("direct:chat").createAsyncProducer();
        producer.start();
        try {
            CancelToken token = new CancelToken();
            Exchange ex = new DefaultExchange(context);
            ex.getMessage().setBody("Hi");
            ex.setProperty(LlmHeaders.CANCEL_TOKEN_PROPERTY, token);
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            producer.process(ex, done::complete);
            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.attempts("up-a") == 1);

            token.cancel();

            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedBeforeEnd().contains("up-a"));
            done.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(ex.getException()).isInstanceOfSatisfying(io.llmrouter.api.LlmException.class,
                    e -> assertThat(e.kind()).isEqualTo(io.llmrouter.api.ErrorKind.CANCELLED));
        } finally {
            producer.stop();
        }
    }

    /** One request first, so that thread pools created on first use are not counted. */
    private void warmUp(AsyncProducer producer) throws Exception {
        upstream.on("up-a", Behavior.text("warm"));
        Exchange ex = new DefaultExchange(context);
        ex.getMessage().setBody("warm up");
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        producer.process(ex, done::complete);
        done.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ex.getMessage().getBody()).isEqualTo("warm");
    }
}
