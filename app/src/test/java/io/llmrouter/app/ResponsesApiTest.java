package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream.Received;
import org.junit.jupiter.api.Test;

/** OpenAI's Responses API over real HTTP: translated to chat for the engine, answered and streamed in its own shape. */
class ResponsesApiTest extends GatewayTestSupport {

    private static final String TOOLS = """
            [{"type":"function","name":"get_weather","description":"Current weather in a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
              "strict":true}]""";
    private static final String ARGUMENTS = "{\"city\":\"Paris\"}";

    @Test
    void plainRequestIsAnsweredWithAResponseObject() throws Exception {
        upstream.on("up-a", Behavior.text("Hello there"));

        HttpResponse<String> r = post("/v1/responses", """
                {"model":"model-a","instructions":"Be brief.","input":"Hi","max_output_tokens":50,
                 "metadata":{"ticket":"42"}}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("id").asText()).startsWith("resp_");
        assertThat(body.path("object").asText()).isEqualTo("response");
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("created_at").asLong()).isPositive();
        assertThat(body.path("metadata").path("ticket").asText()).isEqualTo("42");
        JsonNode message = body.path("output").get(0);
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("content").get(0).path("type").asText()).isEqualTo("output_text");
        assertThat(message.path("content").get(0).path("text").asText()).isEqualTo("Hello there");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("input_tokens").asInt()).isPositive();
        assertThat(usage.path("output_tokens").asInt()).isPositive();
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("input_tokens").asInt() + usage.path("output_tokens").asInt());
        assertThat(usage.path("input_tokens_details").has("cached_tokens")).isTrue();
        assertThat(usage.path("output_tokens_details").has("reasoning_tokens")).isTrue();
        assertThat(r.headers().firstValue("x-llmrouter-model")).hasValue("model-a");

        JsonNode sent = upstream.requests("up-a").get(0).body();
        assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(sent.path("messages").get(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(sent.path("messages").get(1).path("content").asText()).isEqualTo("Hi");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);
    }

    @Test
    void streamedRequestSendsTheResponsesEventsInOrder() throws Exception {
        upstream.on("up-a", Behavior.text("one two three"));

        HttpResponse<String> r = post("/v1/responses", "{\"model\":\"model-a\",\"input\":\"Hi\",\"stream\":true}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        SseEvents events = SseEvents.parse(r.body());
        List<String> names = events.names().stream().distinct().toList();
        assertThat(names).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
        for (int i = 0; i < events.events().size(); i++) {
            assertThat(events.events().get(i).json().path("sequence_number").asInt()).isEqualTo(i);
            assertThat(events.events().get(i).json().path("type").asText()).isEqualTo(events.events().get(i).name());
        }
        StringBuilder text = new StringBuilder();
        events.named("response.output_text.delta").forEach(d -> text.append(d.path("delta").asText()));
        assertThat(text.toString()).isEqualTo("one two three");
        assertThat(events.named("response.output_text.done").get(0).path("text").asText()).isEqualTo("one two three");
        JsonNode completed = events.named("response.completed").get(0).path("response");
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("output").get(0).path("content").get(0).path("text").asText())
                .isEqualTo("one two three");
        assertThat(completed.path("usage").path("output_tokens").asInt()).isPositive();
        assertThat(completed.path("id").asText())
                .isEqualTo(events.named("response.created").get(0).path("response").path("id").asText());

        HttpResponse<String> stored = get("/v1/responses/" + completed.path("id").asText());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(json(stored).path("output")).isEqualTo(completed.path("output"));
    }

    @Test
    void streamCutAfterItsFirstTokenEndsWithResponseFailedAndIsNotStored() throws Exception {
        upstream.on("up-a", Behavior.cutAfter(3, "one two three four five"));

        HttpResponse<String> r = post("/v1/responses", "{\"model\":\"model-a\",\"input\":\"Hi\",\"stream\":true}");

        SseEvents events = SseEvents.parse(r.body());
        assertThat(events.names()).doesNotContain("response.completed");
        assertThat(events.names().get(events.names().size() - 1)).isEqualTo("response.failed");
        JsonNode failed = events.named("response.failed").get(0).path("response");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").path("code").asText()).isNotEmpty();
        assertOpenAiError(get("/v1/responses/" + failed.path("id").asText()), 404);
    }

    @Test
    void toolCallThenItsOutputWithThePreviousResponse() throws Exception {
        upstream.on("up-a", Behavior.toolCall("get_weather", ARGUMENTS));

        JsonNode first = json(post("/v1/responses", "{\"model\":\"model-a\",\"input\":\"Weather in Paris?\","
                + "\"tools\":" + TOOLS + ",\"tool_choice\":\"required\"}"));

        JsonNode call = first.path("output").get(0);
        assertThat(call.path("type").asText()).isEqualTo("function_call");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("arguments").asText()).isEqualTo(ARGUMENTS);
        assertThat(call.path("call_id").asText()).isEqualTo("call_fake_1");
        JsonNode tool = upstream.requests("up-a").get(0).body().path("tools").get(0);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("function").path("parameters").path("required").get(0).asText()).isEqualTo("city");

        upstream.on("up-a", Behavior.text("It is sunny."));
        HttpResponse<String> second = post("/v1/responses", "{\"model\":\"model-a\",\"previous_response_id\":\""
                + first.path("id").asText() + "\",\"tools\":" + TOOLS + ",\"input\":[{\"type\":\"function_call_output\","
                + "\"call_id\":\"call_fake_1\",\"output\":\"{\\\"sky\\\":\\\"clear\\\"}\"}]}");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second).path("previous_response_id").asText()).isEqualTo(first.path("id").asText());
        JsonNode messages = upstream.requests("up-a").get(1).body().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).path("content").asText()).isEqualTo("Weather in Paris?");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("tool_calls").get(0).path("id").asText()).isEqualTo("call_fake_1");
        assertThat(messages.get(1).path("tool_calls").get(0).path("function").path("arguments").asText())
                .isEqualTo(ARGUMENTS);
        assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo("call_fake_1");
    }

    @Test
    void streamedToolCallSendsFunctionCallArgumentEvents() throws Exception {
        upstream.on("up-a", Behavior.toolCall("get_weather", ARGUMENTS));

        HttpResponse<String> r = post("/v1/responses", "{\"model\":\"model-a\",\"input\":\"Weather?\",\"stream\":true,"
                + "\"tools\":" + TOOLS + "}");

        SseEvents events = SseEvents.parse(r.body());
        assertThat(events.names().stream().distinct().toList()).containsExactly("response.created",
                "response.in_progress", "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed");
        assertThat(events.named("response.output_item.added").get(0).path("item").path("call_id").asText())
                .isEqualTo("call_fake_1");
        assertThat(events.named("response.function_call_arguments.done").get(0).path("arguments").asText())
                .isEqualTo(ARGUMENTS);
        JsonNode item = events.named("response.completed").get(0).path("response").path("output").get(0);
        assertThat(item.path("type").asText()).isEqualTo("function_call");
        assertThat(item.path("name").asText()).isEqualTo("get_weather");
    }

    @Test
    void storedResponseCanBeReadAndDeleted() throws Exception {
        upstream.on("up-a", Behavior.text("kept"));
        JsonNode made = json(post("/v1/responses", "{\"model\":\"model-a\",\"input\":\"Hi\"}"));
        String id = made.path("id").asText();

        HttpResponse<String> read = get("/v1/responses/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(made);

        HttpResponse<String> deleted = send("DELETE", "/v1/responses/" + id, null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(json(deleted).path("id").asText()).isEqualTo(id);
        assertThat(json(deleted).path("object").asText()).isEqualTo("response.deleted");
        assertThat(json(deleted).path("deleted").asBoolean()).isTrue();

        assertOpenAiError(get("/v1/responses/" + id), 404);
        assertOpenAiError(send("DELETE", "/v1/responses/" + id, null), 404);
        JsonNode error = assertOpenAiError(post("/v1/responses", "{\"model\":\"model-a\",\"input\":\"Hi\","
                + "\"previous_response_id\":\"" + id + "\"}"), 404);
        assertThat(error.path("param").asText()).isEqualTo("previous_response_id");
    }

    @Test
    void responseWithStoreFalseIsNotKept() throws Exception {
        upstream.on("up-a", Behavior.text("fleeting"));
        JsonNode made = json(post("/v1/responses", "{\"model\":\"model-a\",\"input\":\"Hi\",\"store\":false}"));

        assertThat(made.path("store").asBoolean()).isFalse();
        assertOpenAiError(get("/v1/responses/" + made.path("id").asText()), 404);
    }

    @Test
    void failsOverToTheNextModelForResponsesToo() throws Exception {
        upstream.on("up-a", Behavior.serverError());
        upstream.on("up-b", Behavior.text("from b"));

        HttpResponse<String> r = post("/v1/responses", "{\"models\":[\"model-a\",\"model-b\"],\"input\":\"Hi\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-llmrouter-model")).hasValue("model-b");
        assertThat(json(r).path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("from b");
        assertThat(upstream.requests("up-a")).isNotEmpty();
    }

    @Test
    void structuredOutputFormatReachesTheUpstreamAsResponseFormat() throws Exception {
        upstream.on("up-a", Behavior.text("{\"x\":1}"));

        post("/v1/responses", """
                {"model":"model-a","input":"Give x","text":{"format":{"type":"json_schema","name":"thing",
                 "schema":{"type":"object","properties":{"x":{"type":"integer"}}},"strict":true}}}""");

        JsonNode format = upstream.requests("up-a").get(0).body().path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("thing");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
    }

    @Test
    void badInputIsA400NamingTheParameter() throws Exception {
        record Case(String body, String param) {
        }
        for (Case c : List.of(
                new Case("{\"model\":\"model-a\"}", "input"),
                new Case("{\"model\":\"model-a\",\"input\":42}", "input"),
                new Case("{\"model\":\"model-a\",\"input\":[]}", "input"),
                new Case("{\"model\":\"model-a\",\"input\":[{\"type\":\"bogus\"}]}", "input[0].type"),
                new Case("{\"model\":\"model-a\",\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}", "input[0].role"),
                new Case("{\"model\":\"model-a\",\"input\":[{\"type\":\"function_call_output\",\"output\":\"x\"}]}",
                        "input[0].call_id"),
                new Case("{\"model\":\"model-a\",\"input\":\"x\",\"tools\":[{\"type\":\"web_search\"}]}",
                        "tools[0].type"),
                new Case("{\"model\":\"model-a\",\"input\":\"x\",\"tools\":[{\"type\":\"function\"}]}", "tools[0].name"),
                new Case("{\"model\":\"model-a\",\"input\":\"x\",\"temperature\":5}", "temperature"),
                new Case("{\"model\":\"model-a\",\"input\":\"x\",\"max_output_tokens\":\"ten\"}", "max_output_tokens"),
                new Case("{\"model\":\"model-a\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"yaml\"}}}",
                        "text.format.type"),
                new Case("{\"model\":\"model-a\",\"input\":\"x\",\"tool_choice\":\"sometimes\"}", "tool_choice"),
                new Case("{\"model\":\"model-a\",\"input\":\"x\",\"stream\":\"yes\"}", "stream"),
                new Case("{\"model\":\"model-a\",\"input\":\"x\",\"background\":true}", "background"),
                new Case("{\"models\":\"model-a\",\"input\":\"x\"}", "models"),
                new Case("{\"models\":[\"model-a\",7],\"input\":\"x\"}", "models"),
                new Case("{\"model\":\"model-a\",\"input\":\"x\",\"metadata\":{\"a\":1}}", "metadata.a"))) {
            JsonNode error = assertOpenAiError(post("/v1/responses", c.body()), 400);
            assertThat(error.path("param").asText()).as(c.body()).isEqualTo(c.param());
        }
        assertOpenAiError(post("/v1/responses", "not json"), 400);
        String many = "{\"model\":\"model-a\",\"input\":\"x\",\"tools\":["
                + String.join(",", java.util.Collections.nCopies(129, "{\"type\":\"function\",\"name\":\"f\"}")) + "]}";
        assertThat(assertOpenAiError(post("/v1/responses", many), 400).path("param").asText()).isEqualTo("tools");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void unknownPreviousResponseIsA404() throws Exception {
        JsonNode error = assertOpenAiError(post("/v1/responses", "{\"model\":\"model-a\",\"input\":\"x\","
                + "\"previous_response_id\":\"resp_nope\"}"), 404);
        assertThat(error.path("code").asText()).isEqualTo("previous_response_not_found");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aResponseInputItemsCarryImagesAndEarlierAssistantText() throws Exception {
        upstream.on("up-a", Behavior.text("A cat."));

        post("/v1/responses", """
                {"model":"model-a","input":[
                  {"role":"user","content":[{"type":"input_text","text":"What is it?"},
                                            {"type":"input_image","image_url":"https://example.com/cat.png"}]},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Let me see."}]},
                  {"role":"user","content":"Well?"}]}""");

        List<Received> seen = upstream.requests("up-a");
        JsonNode messages = seen.get(0).body().path("messages");
        assertThat(messages.get(0).path("content").get(1).path("image_url").path("url").asText())
                .isEqualTo("https://example.com/cat.png");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Let me see.");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("Well?");
    }
}
