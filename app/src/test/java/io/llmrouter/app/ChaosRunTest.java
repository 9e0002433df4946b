package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chaos run: three providers, one killed mid-run, one failing 30 % of calls, one slow; thousands of mixed plain and
 * streamed requests from concurrent clients, and the callers see no error while one healthy upstream remains.
 */
class ChaosRunTest {

    private static final int REQUESTS = 3_000;
    private static final int CLIENTS = 32;
    private static final int KILL_AFTER = REQUESTS / 3;
    /** No new request starts after this; the run is bounded even on a slow machine. */
    private static final long RUN_BUDGET_MILLIS = 25_000;
    private static final String ANSWER = "the chaos run answer";

    /** What one caller saw. */
    private record Seen(boolean streamed, long nanos, int attempts, String model) {
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void callersSeeNoErrorWhileOneHealthyUpstreamRemains() throws Exception {
        FakeOpenAiUpstream fast = FakeOpenAiUpstream.start();
        FakeOpenAiUpstream flaky = FakeOpenAiUpstream.start();
        FakeOpenAiUpstream slow = FakeOpenAiUpstream.start();
        fast.on("up-fast", Behavior.text(ANSWER));
        flaky.on("up-flaky", Behavior.failingShare(0.3, 42, Behavior.serverError(), Behavior.text(ANSWER)));
        slow.on("up-slow", Behavior.delayed(150, Behavior.text(ANSWER)));
        String catalog = """
                providers:
                  - { id: p-fast, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                  - { id: p-flaky, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                  - { id: p-slow, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: fast, provider: p-fast, upstream: up-fast, capabilities: [chat, streaming] }
                  - { id: flaky, provider: p-flaky, upstream: up-flaky, capabilities: [chat, streaming] }
                  - { id: slow, provider: p-slow, upstream: up-slow, capabilities: [chat, streaming] }
                """.formatted(fast.baseUrl(), flaky.baseUrl(), slow.baseUrl());

        List<Seen> seen = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        Map<String, LongAdder> servedAfterKill = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch killed = new CountDownLatch(1);
        try (GatewayFixture gw = GatewayFixture.start(catalog, Map.of(), null)) {
            long start = System.nanoTime();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Thread t = new Thread(() -> {
                    for (int i; (i = next.getAndIncrement()) < REQUESTS
                            && (System.nanoTime() - start) / 1_000_000 < RUN_BUDGET_MILLIS;) {
                        boolean streamed = i % 3 == 2;
                        boolean afterKill = killed.getCount() == 0;
                        String body = "{\"model\":\"auto\"," + (streamed ? "\"stream\":true," : "")
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"request " + i + "\"}]}";
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = gw.chat(body, "x-llmrouter-strategy", "latency");
                            long took = System.nanoTime() - t0;
                            String problem = streamed ? checkStream(r) : checkPlain(r);
                            if (problem != null) {
                                errors.add("request " + i + ": " + problem);
                            } else {
                                String model = r.headers().firstValue("x-llmrouter-model").orElse("?");
                                seen.add(new Seen(streamed, took, Integer.parseInt(
                                        r.headers().firstValue("x-llmrouter-attempts").orElse("0")), model));
                                if (afterKill) {
                                    servedAfterKill.computeIfAbsent(model, k -> new LongAdder()).increment();
                                }
                            }
                        } catch (Exception e) {
                            errors.add("request " + i + ": " + e);
                        }
                        if (done.incrementAndGet() == KILL_AFTER) {
                            fast.close();
                            killed.countDown();
                        }
                    }
                }, "chaos-client-" + c);
                t.start();
                clients.add(t);
            }
            for (Thread t : clients) {
                t.join(TimeUnit.SECONDS.toMillis(80));
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            String report = report(seen, tookMs, servedAfterKill, fast.attempts("up-fast"),
                    flaky.attempts("up-flaky"), slow.attempts("up-slow"));
            System.out.println(report);
            Files.writeString(Path.of("target", "chaos-run.txt"), report);

            assertThat(errors).as("what callers saw go wrong").isEmpty();
            assertThat(killed.getCount()).as("the fast upstream was killed mid-run").isZero();
            assertThat(seen.size()).isGreaterThan(KILL_AFTER + 200);
            assertThat(servedAfterKill.keySet()).as("after the kill").doesNotContain("fast");
            assertThat(seen).anyMatch(s -> s.attempts() > 1);
        } finally {
            fast.close();
            flaky.close();
            slow.close();
        }
    }

    /**
     * Streams broken at random points: two of three providers cut or stall a share of their streams (continuations
     * included) after a random number of events; every provider continues a prefill. Each caller must still get the
     * whole answer with [DONE], and a broken stream is resumed rather than failed.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void streamsCutAndStalledAtRandomPointsStillDeliverTheWholeAnswer() throws Exception {
        String answer = "every word of this answer must reach the caller exactly once and in order, whatever breaks";
        int words = answer.split(" ").length;
        java.util.Random random = new java.util.Random(7);
        FakeOpenAiUpstream cutter = FakeOpenAiUpstream.start();
        FakeOpenAiUpstream staller = FakeOpenAiUpstream.start();
        FakeOpenAiUpstream steady = FakeOpenAiUpstream.start();
        cutter.on("up-cutter", call -> {
            int at;
            synchronized (random) {
                at = random.nextDouble() < 0.4 ? 1 + random.nextInt(words) : -1;
            }
            continuing(call, answer, rest -> at < 0 ? Behavior.text(rest) : Behavior.cutAfter(at, rest));
        });
        staller.on("up-staller", call -> {
            int at;
            synchronized (random) {
                at = random.nextDouble() < 0.3 ? 1 + random.nextInt(words) : -1;
            }
            continuing(call, answer, rest -> at < 0 ? Behavior.text(rest) : Behavior.stallAfter(at, rest));
        });
        steady.on("up-steady", call -> continuing(call, answer, Behavior::text));
        String catalog = """
                providers:
                  - { id: p-cutter, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                  - { id: p-staller, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                  - { id: p-steady, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: cutter, provider: p-cutter, upstream: up-cutter, capabilities: [chat, streaming, prefill] }
                  - { id: staller, provider: p-staller, upstream: up-staller, capabilities: [chat, streaming, prefill],
                      timeouts: { stall_ms: 200 } }
                  - { id: steady, provider: p-steady, upstream: up-steady, capabilities: [chat, streaming, prefill] }
                """.formatted(cutter.baseUrl(), staller.baseUrl(), steady.baseUrl());
        int requests = 600;
        List<String> errors = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        try (GatewayFixture gw = GatewayFixture.start(catalog, Map.of(), null)) {
            long start = System.nanoTime();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                Thread t = new Thread(() -> {
                    for (int i; (i = next.getAndIncrement()) < requests
                            && (System.nanoTime() - start) / 1_000_000 < RUN_BUDGET_MILLIS;) {
                        String body = "{\"models\":[\"cutter\",\"staller\",\"steady\"],\"stream\":true,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"request " + i + "\"}]}";
                        try {
                            String problem = checkStream(gw.chat(body), answer);
                            if (problem != null) {
                                errors.add("request " + i + ": " + problem);
                            } else {
                                answered.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.add("request " + i + ": " + e);
                        }
                    }
                }, "chaos-stream-client-" + c);
                t.start();
                clients.add(t);
            }
            for (Thread t : clients) {
                t.join(TimeUnit.SECONDS.toMillis(80));
            }
            String report = String.format(Locale.ROOT, "chaos run, streams broken at random points: %d complete "
                    + "answers of %d streamed requests in %.1f s; upstream calls: cutter %d, staller %d, steady %d%n",
                    answered.get(), next.get() > requests ? requests : next.get(),
                    (System.nanoTime() - start) / 1e9, cutter.attempts("up-cutter"),
                    staller.attempts("up-staller"), steady.attempts("up-steady"));
            System.out.print(report);
            Files.writeString(Path.of("target", "chaos-run-streams.txt"), report);

            assertThat(errors).as("what callers saw go wrong").isEmpty();
            assertThat(answered.get()).isGreaterThan(200);
            // breaks happened and were resumed: continuations reached the others
            assertThat(staller.attempts("up-staller") + steady.attempts("up-steady")).isPositive();
        } finally {
            cutter.close();
            staller.close();
            steady.close();
        }
    }

    /** Answers the rest of {@code answer} after the prefill the request ends with (all of it without one). */
    private static void continuing(io.llmrouter.testing.Call call, String answer,
                                   java.util.function.Function<String, Behavior> rest) {
        JsonNode messages = call.body().path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        String prefill = last.path("role").asText().equals("assistant") ? last.path("content").asText() : "";
        rest.apply(answer.substring(prefill.length())).respond(call);
    }

    /** Null when the plain answer is complete, else what is wrong with it. */
    private static String checkPlain(HttpResponse<String> r) throws Exception {
        if (r.statusCode() != 200) {
            return r.statusCode() + " " + r.body();
        }
        JsonNode choice = Json.MAPPER.readTree(r.body()).path("choices").path(0);
        if (!ANSWER.equals(choice.path("message").path("content").asText())
                || !"stop".equals(choice.path("finish_reason").asText())) {
            return "incomplete answer " + r.body();
        }
        return null;
    }

    private static String checkStream(HttpResponse<String> r) throws Exception {
        return checkStream(r, ANSWER);
    }

    /** Null when the stream carries the whole answer and ends with [DONE], else what is wrong with it. */
    private static String checkStream(HttpResponse<String> r, String expected) throws Exception {
        if (r.statusCode() != 200) {
            return r.statusCode() + " " + r.body();
        }
        if (!r.body().endsWith("data: [DONE]\n\n") || r.body().contains("\"error\"")) {
            return "stream did not end with [DONE]: " + r.body();
        }
        StringBuilder text = new StringBuilder();
        for (String block : r.body().split("\n\n")) {
            if (block.startsWith("data: {")) {
                JsonNode choices = Json.MAPPER.readTree(block.substring(6)).path("choices");
                if (choices.size() > 0) {
                    text.append(choices.get(0).path("delta").path("content").asText(""));
                }
            }
        }
        return expected.equals(text.toString()) ? null : "stream text was '" + text + "'";
    }

    private static String report(List<Seen> seen, long tookMs, Map<String, LongAdder> servedAfterKill, int fastCalls,
                                 int flakyCalls, int slowCalls) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "chaos run: %d answers in %.1f s, %d clients; upstream calls: fast %d "
                + "(killed after %d requests), flaky %d, slow %d%n", seen.size(), tookMs / 1000.0, CLIENTS, fastCalls,
                KILL_AFTER, flakyCalls, slowCalls));
        sb.append("served after the kill: ").append(new TreeMap<>(servedAfterKill)).append('\n');
        for (boolean streamed : new boolean[] { false, true }) {
            List<Seen> kind = seen.stream().filter(s -> s.streamed() == streamed).toList();
            Map<Integer, Integer> attempts = new TreeMap<>();
            List<Long> nanos = new ArrayList<>();
            for (Seen s : kind) {
                attempts.merge(s.attempts(), 1, Integer::sum);
                nanos.add(s.nanos());
            }
            Collections.sort(nanos);
            sb.append(String.format(Locale.ROOT, "%-8s n=%d  latency ms p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  "
                            + "attempts per request %s%n", streamed ? "streamed" : "plain", kind.size(),
                    pct(nanos, 50), pct(nanos, 90), pct(nanos, 99), nanos.isEmpty() ? 0 : nanos.get(nanos.size() - 1) / 1e6,
                    attempts));
        }
        return sb.toString();
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }
}
