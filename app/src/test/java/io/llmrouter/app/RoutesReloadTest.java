package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import io.llmrouter.testing.FakeOpenAiUpstream;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --routes DIR}: Camel's route reload serves a changed route file's routes without a restart, and a route file
 * that does not load leaves the routes served before it.
 */
class RoutesReloadTest {

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: a, provider: fake, upstream: up-a, price: { input: 1.0, output: 1.0 } }
                  - { id: b, provider: fake, upstream: up-b, price: { input: 0.1, output: 0.1 } }
                """.formatted(upstream.baseUrl()), Map.of(), "strategy=ordered");
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    private static Path routeFile() {
        return gw.catalogFile().resolveSibling("routes").resolve("gateway.yaml");
    }

    /** Replaces the route file in one rename, as an editor or a ConfigMap update does. */
    private static void rewrite(String from, String to) throws Exception {
        Path file = routeFile();
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Path next = file.resolveSibling("gateway.yaml.next");
        Files.writeString(next, text.replace(from, to));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String servedBy() throws Exception {
        HttpResponse<String> r = gw.chat(GatewayFixture.body(false, "a", "b"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.headers().firstValue("x-llmrouter-model").orElseThrow();
    }

    private static RouteWatcherReloadStrategy reload() {
        return gw.gateway().camelContext().hasService(RouteWatcherReloadStrategy.class);
    }

    @Test
    void aChangedRouteFileIsServedAndAnInvalidOneLeavesTheServedRoutes() throws Exception {
        assertThat(servedBy()).isEqualTo("a"); // ordered: the first named
        assertThat(reload()).isNotNull();

        rewrite("llm:chat?strategy=ordered", "llm:chat?strategy=cost");
        await().atMost(Duration.ofSeconds(30)).until(() -> servedBy().equals("b")); // cost: the cheaper

        int failed = reload().getFailedCounter();
        rewrite("- route:\n    id: chat-completions", "- route:\n    id: chat-completions\n  : [not yaml");
        await().atMost(Duration.ofSeconds(30)).until(() -> reload().getFailedCounter() > failed);
        assertThat(servedBy()).isEqualTo("b");
        assertThat(gw.gateway().camelContext().getRoute("chat-completions")).isNotNull();

        // parses, but names an option the llm: endpoint does not have
        int failedAgain = reload().getFailedCounter();
        rewrite("- route:\n    id: chat-completions\n  : [not yaml", "- route:\n    id: chat-completions");
        rewrite("llm:chat?strategy=cost", "llm:chat?strategy=ordered&noSuchOption=1");
        await().atMost(Duration.ofSeconds(30)).until(() -> reload().getFailedCounter() > failedAgain);
        assertThat(reload().getLastError()).hasMessageContaining("noSuchOption");
        assertThat(servedBy()).isEqualTo("b");

        rewrite("llm:chat?strategy=ordered&noSuchOption=1", "llm:chat?strategy=ordered");
        await().atMost(Duration.ofSeconds(30)).until(() -> servedBy().equals("a"));
    }
}
