package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/** A plain completion through the running gateway reaches the fake upstream and comes back with the decision headers. */
class ChatCompletionsTest extends GatewayTestSupport {

    @Test
    void plainCompletionComesBackWithDecisionHeaders() throws Exception {
        upstream.on("up-a", Behavior.text("Hi there"));
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"logit_bias\":{\"50256\":-100}}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hi there");
        assertThat(body.path("model").asText()).isEqualTo("model-a");
        assertThat(r.headers().firstValue("x-llmrouter-model")).contains("model-a");
        assertThat(r.headers().firstValue("x-llmrouter-provider")).contains("fake");
        assertThat(r.headers().firstValue("x-llmrouter-attempts")).contains("1");
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        // 10 prompt tokens at $1/M + 2 completion tokens at $2/M
        assertThat(r.headers().firstValue("x-llmrouter-cost-usd")).contains("0.00001400");
        var seen = upstream.requests("up-a").get(0);
        assertThat(seen.headers().get("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(seen.body().path("logit_bias").path("50256").asInt()).isEqualTo(-100);
    }
}
