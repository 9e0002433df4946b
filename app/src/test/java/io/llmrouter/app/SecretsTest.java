package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.llmrouter.testing.Behavior;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The provider's API key never leaves the gateway: not in any response body or header, not in the logs, whatever the
 * upstream answers (even when it echoes the key back).
 */
class SecretsTest extends GatewayTestSupport {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<HttpResponse<String>> responses = new ArrayList<>();
    private Logger root;
    private Logger router;
    private Level routerLevel;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        router = (Logger) LoggerFactory.getLogger("io.llmrouter");
        routerLevel = router.getLevel();
        router.setLevel(Level.TRACE);
        logs.setContext(root.getLoggerContext());
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(logs);
        logs.stop();
        router.setLevel(routerLevel);
    }

    @Test
    void keyNeverAppearsInResponsesOrLogsWhateverTheUpstreamAnswers() throws Exception {
        Behavior unauthorized = Behavior.error(401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided: " + KEY + ".");
        // a 401 takes the deployment out of rotation, so the streamed one goes to a deployment of its own
        upstream.on("up-c", unauthorized);
        upstream.on("up-c-streamed", unauthorized);
        upstream.on("up-a", Behavior.error(500, "server_error", null, "Internal failure handling key " + KEY));
        upstream.on("up-b", Behavior.error(400, "invalid_request_error", null, "Bad request from " + KEY));
        otherUpstream.on("up-other", Behavior.cutAfter(3, "alpha beta gamma delta"));

        responses.add(post("/v1/chat/completions", chat("model-c", null)));
        responses.add(post("/v1/chat/completions", chat("fake/up-c-streamed", "\"stream\":true")));
        responses.add(post("/v1/chat/completions", chat("model-a", null)));
        responses.add(post("/v1/chat/completions", chat("model-a", "\"stream\":true")));
        responses.add(post("/v1/chat/completions", chat("model-b", null)));
        responses.add(post("/v1/chat/completions", chat("model-dead", null)));
        responses.add(post("/v1/chat/completions", chat("model-dead", "\"stream\":true")));
        responses.add(post("/v1/chat/completions", chat("model-other", "\"stream\":true")));

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(502, 502, 502, 502, 400, 502, 502, 200);
        assertThat(responses.get(7).body()).contains("\"error\"").doesNotContain("[DONE]");
        assertNoKeyAnywhere();
    }

    @Test
    void keyEchoedInAMidStreamErrorEventNeverAppearsInResponsesOrLogs() throws Exception {
        otherUpstream.on("up-other", call -> {
            HttpServerResponse r = Behavior.sseHeaders(call.request().response());
            r.write("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up-other\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                    + "\"finish_reason\":null}]}\n\n");
            r.end("data: {\"error\":{\"message\":\"Key " + KEY + " ran out of quota\",\"type\":\"server_error\"}}\n\n");
        });

        responses.add(post("/v1/chat/completions", chat("model-other", "\"stream\":true")));

        assertThat(responses.get(0).statusCode()).isEqualTo(200);
        assertThat(responses.get(0).body()).contains("ran out of quota").doesNotContain("[DONE]");
        assertNoKeyAnywhere();
    }

    private void assertNoKeyAnywhere() {
        for (HttpResponse<String> r : responses) {
            assertThat(r.body()).doesNotContain(KEY);
            assertThat(r.headers().map().toString()).doesNotContain(KEY);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            lines.add(e.getLoggerName() + " " + e.getFormattedMessage()
                      + (e.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(e.getThrowableProxy())));
        }
        assertThat(lines).as("captured log lines").isNotEmpty();
        assertThat(String.join("\n", lines)).as("what the failures logged").contains("model-")
                .doesNotContain(KEY);
    }
}
