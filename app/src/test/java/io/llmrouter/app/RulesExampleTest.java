package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** examples/catalog/rules.yaml loads and routes as its comments say, over HTTP against the simulated provider. */
class RulesExampleTest {

    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        Path here = Path.of("").toAbsolutePath();
        Path file = here.resolve("../examples/catalog/rules.yaml").normalize();
        gw = GatewayFixture.start(Files.readString(Files.isRegularFile(file) ? file
                : here.resolve("examples/catalog/rules.yaml")), Map.of(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static HttpResponse<String> ask(String json, String... headers) throws Exception {
        HttpResponse<String> r = gw.chat(json, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static void routedBy(HttpResponse<String> r, String rule, String model) {
        assertThat(r.headers().firstValue("x-llmrouter-rule")).contains(rule);
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains(model);
    }

    @Test
    void eachRuleOfTheExampleRoutesItsRequests() throws Exception {
        routedBy(ask(GatewayFixture.body(false, "auto"), "x-tier", "premium"), "premium", "sim-large");
        routedBy(ask("""
                {"model":"auto","messages":[{"role":"user","content":"weather?"}],
                 "tools":[{"type":"function","function":{"name":"weather"}}]}"""), "agents", "sim-large");
        routedBy(ask("""
                {"model":"auto","messages":[{"role":"user","content":[{"type":"text","text":"what is it?"},
                 {"type":"image_url","image_url":{"url":"https://example.com/x.png"}}]}]}"""), "vision", "sim-reasoner");
        routedBy(ask("""
                {"model":"auto","messages":[{"role":"user","content":"Here is the StackTrace: ..."}]}"""),
                "debugging", "sim-reasoner");
        routedBy(ask(GatewayFixture.body(false, "auto")), "everything-else", "sim-mini");
    }

    @Test
    void aModelTheBodyNamesStillWins() throws Exception {
        HttpResponse<String> r = ask(GatewayFixture.body(false, "sim-reasoner"));
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("sim-reasoner");
    }
}
