package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.testing.Behavior;
import org.junit.jupiter.api.Test;

/** A stored response's input items, listed and paged as OpenAI lists them, and cancel refused as OpenAI refuses it. */
class ResponseInputItemsAndCancelTest extends GatewayTestSupport {

    @Test
    void inputItemsListTheWholeConversationNewestFirstByDefault() throws Exception {
        upstream.on("up-a", Behavior.text("Four."));
        JsonNode first = json(post("/v1/responses", "{\"model\":\"model-a\",\"input\":\"Two plus two?\"}"));
        JsonNode second = json(post("/v1/responses", "{\"model\":\"model-a\",\"previous_response_id\":\""
                + first.path("id").asText() + "\",\"input\":[{\"role\":\"user\",\"content\":\"Sure?\"}]}"));

        HttpResult list = list(second, "");

        assertThat(list.status()).as(list.body().toString()).isEqualTo(200);
        JsonNode body = list.body();
        assertThat(body.path("object").asText()).isEqualTo("list");
        JsonNode data = body.path("data");
        assertThat(data).hasSize(3);
        assertThat(data.get(0).path("content").get(0).path("type").asText()).isEqualTo("input_text");
        assertThat(data.get(0).path("content").get(0).path("text").asText()).isEqualTo("Sure?");
        assertThat(data.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(data.get(1).path("id").asText()).isEqualTo(first.path("output").get(0).path("id").asText());
        assertThat(data.get(2).path("content").get(0).path("text").asText()).isEqualTo("Two plus two?");
        for (JsonNode item : data) {
            assertThat(item.path("id").asText()).startsWith("msg_");
            assertThat(item.path("type").asText()).isEqualTo("message");
        }
        assertThat(body.path("first_id").asText()).isEqualTo(data.get(0).path("id").asText());
        assertThat(body.path("last_id").asText()).isEqualTo(data.get(2).path("id").asText());
        assertThat(body.path("has_more").asBoolean()).isFalse();
        assertThat(list(second, "").body()).as("ids stay the same from one call to the next").isEqualTo(body);
    }

    @Test
    void inputItemsArePagedWithLimitAndAfterInEitherOrder() throws Exception {
        upstream.on("up-a", Behavior.text("ok"));
        JsonNode made = json(post("/v1/responses", """
                {"model":"model-a","input":[{"role":"user","content":"a"},{"role":"user","content":"b"},
                 {"role":"user","content":"c"}]}"""));

        List<String> texts = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            JsonNode page = list(made, "?order=asc&limit=2" + (after == null ? "" : "&after=" + after)).body();
            page.path("data").forEach(item -> texts.add(item.path("content").get(0).path("text").asText()));
            after = page.path("last_id").asText();
            more = page.path("has_more").asBoolean();
        }

        assertThat(texts).containsExactly("a", "b", "c");
        JsonNode newest = list(made, "?limit=1").body();
        assertThat(newest.path("data").get(0).path("content").get(0).path("text").asText()).isEqualTo("c");
        assertThat(newest.path("has_more").asBoolean()).isTrue();
    }

    @Test
    void badPagingParametersAre400sAndAnUnknownResponseA404() throws Exception {
        upstream.on("up-a", Behavior.text("ok"));
        JsonNode made = json(post("/v1/responses", "{\"model\":\"model-a\",\"input\":\"x\"}"));
        String path = "/v1/responses/" + made.path("id").asText() + "/input_items";

        assertThat(assertOpenAiError(get(path + "?limit=0"), 400).path("param").asText()).isEqualTo("limit");
        assertThat(assertOpenAiError(get(path + "?limit=101"), 400).path("param").asText()).isEqualTo("limit");
        assertThat(assertOpenAiError(get(path + "?order=up"), 400).path("param").asText()).isEqualTo("order");
        assertThat(assertOpenAiError(get(path + "?after=msg_nope"), 400).path("param").asText()).isEqualTo("after");
        assertOpenAiError(get("/v1/responses/resp_nope/input_items"), 404);
    }

    @Test
    void cancellingAResponseNotMadeInTheBackgroundIsRefusedAsOpenAiRefusesIt() throws Exception {
        upstream.on("up-a", Behavior.text("done already"));
        JsonNode made = json(post("/v1/responses", "{\"model\":\"model-a\",\"input\":\"x\"}"));

        JsonNode error = assertOpenAiError(post("/v1/responses/" + made.path("id").asText() + "/cancel", ""), 400);

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isEqualTo("Cannot cancel a synchronous response.");
        assertThat(json(get("/v1/responses/" + made.path("id").asText())).path("status").asText())
                .isEqualTo("completed");
        assertOpenAiError(post("/v1/responses/resp_nope/cancel", ""), 404);
    }

    @Test
    void aBackgroundRequestIsRefusedWithAClear400() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/responses",
                "{\"model\":\"model-a\",\"input\":\"x\",\"background\":true}"), 400);

        assertThat(error.path("param").asText()).isEqualTo("background");
        assertThat(error.path("message").asText()).contains("background");
        assertThat(upstream.requests()).isEmpty();
    }

    private record HttpResult(int status, JsonNode body) {
    }

    private static HttpResult list(JsonNode response, String query) throws Exception {
        var r = get("/v1/responses/" + response.path("id").asText() + "/input_items" + query);
        return new HttpResult(r.statusCode(), json(r));
    }
}
