package io.llmrouter.app;

import java.util.Map;

import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;

/**
 * The gateway the Java client conformance tests talk to: an OpenAI-compatible fake upstream that calls a tool when
 * the request offers tools and answers text otherwise, as a model would, its embeddings, and the simulator. The same
 * upstream is also reached as {@code fake-native}, through a provider that takes Responses requests natively.
 */
final class JavaClientsGateway implements AutoCloseable {

    static final String WEATHER_ARGUMENTS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";
    static final String ANSWER = "Hello from the fake upstream.";

    final FakeOpenAiUpstream upstream;
    final GatewayFixture gateway;

    private JavaClientsGateway(FakeOpenAiUpstream upstream, GatewayFixture gateway) {
        this.upstream = upstream;
        this.gateway = gateway;
    }

    static JavaClientsGateway start() throws Exception {
        FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
        Behavior text = Behavior.text(ANSWER);
        Behavior weather = Behavior.toolCall("get_weather", WEATHER_ARGUMENTS);
        upstream.on("up-chat", call -> (call.body().has("tools") ? weather : text).respond(call));
        upstream.on("up-embed", Behavior.embeddings(8));
        try {
            return new JavaClientsGateway(upstream, GatewayFixture.start("""
                    providers:
                      - id: fake
                        type: openai
                        base_url: %1$s
                        api_key_env: FAKE_KEY
                      - id: fake-native
                        type: openai
                        base_url: %1$s
                        api_key_env: FAKE_KEY
                        responses_api: native
                      - id: sim
                        type: sim
                    models:
                      - id: fake-chat
                        provider: fake
                        upstream: up-chat
                        price: { input: 1.0, output: 2.0 }
                        capabilities: [chat, tools, json_mode, streaming]
                      - id: fake-native
                        provider: fake-native
                        upstream: up-chat
                        price: { input: 1.0, output: 2.0 }
                        capabilities: [chat, tools, json_mode, streaming]
                      - id: fake-embed
                        provider: fake
                        upstream: up-embed
                        capabilities: [embeddings]
                      - id: sim-mini
                        provider: sim
                        price: { input: 0.15, output: 0.60 }
                        capabilities: [chat, tools, vision, json_mode, json_schema, streaming]
                        sim: { ttft_ms: 5, jitter: 0, tokens_per_second: 2000, answer_tokens: 12 }
                    """.formatted(upstream.baseUrl()), Map.of(), null));
        } catch (Exception e) {
            upstream.close();
            throw e;
        }
    }

    /** The gateway's origin, e.g. {@code http://127.0.0.1:41234}. */
    String origin() {
        return gateway.url("");
    }

    @Override
    public void close() throws Exception {
        try {
            gateway.close();
        } finally {
            upstream.close();
        }
    }
}
