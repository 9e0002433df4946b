package io.llmrouter.dialect.responses;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.ToolCall;
import io.llmrouter.api.Usage;
import io.llmrouter.dialect.EventWriter;

/**
 * Translates one canonical stream, chunk by chunk, into the Responses API's Server-Sent Events, each numbered by
 * {@code sequence_number}: response.created and response.in_progress; for a text run, output_item.added,
 * content_part.added, output_text.delta..., output_text.done, content_part.done, output_item.done; for each tool call,
 * output_item.added, function_call_arguments.delta..., function_call_arguments.done, output_item.done; then
 * response.completed with the whole response and its usage (response.failed when the stream fails). The completed
 * response is handed to {@code completed} (to be stored) before its event is written. A stream served natively
 * carries the upstream's own events: those are passed on, renumbered, their response under this one's id.
 */
final class ResponsesEventWriter implements EventWriter {

    private final ObjectNode response;
    private final Consumer<ObjectNode> completed;
    private int sequence;
    private boolean started;
    /** The open output item (a message being written or a call whose arguments come), or null. */
    private ObjectNode open;
    private StringBuilder openText;
    private Integer openToolIndex;
    private String finishReason;
    private Usage usage;
    /** The upstream's own final event has been passed on. */
    private boolean passedFinal;

    ResponsesEventWriter(ObjectNode skeleton, Consumer<ObjectNode> completed) {
        this.response = skeleton;
        this.completed = completed;
    }

    @Override
    public byte[] chunk(ChatChunk chunk) {
        if (chunk.responsesEvent != null) {
            return passOn(chunk.responsesEvent, chunk.model);
        }
        StringBuilder out = new StringBuilder();
        start(out, chunk);
        if (chunk.usage != null) {
            usage = chunk.usage;
        }
        if (chunk.choices == null || chunk.choices.isEmpty()) {
            return bytes(out);
        }
        ChatChunk.Choice choice = chunk.choices.get(0);
        ChatMessage delta = choice.delta;
        if (delta != null && delta.content != null && !delta.content.asText().isEmpty()) {
            text(out, delta.content.asText());
        }
        if (delta != null && delta.toolCalls != null) {
            for (ToolCall call : delta.toolCalls) {
                tool(out, call);
            }
        }
        if (choice.finishReason != null) {
            finishReason = choice.finishReason;
        }
        return bytes(out);
    }

    @Override
    public byte[] complete() {
        if (passedFinal) {
            return new byte[0];
        }
        StringBuilder out = new StringBuilder();
        start(out, null);
        close(out);
        ResponseObject.finish(response, finishReason, usage);
        completed.accept(response);
        write(out, event("response.completed").set("response", response));
        return bytes(out);
    }

    @Override
    public byte[] error(LlmException failure) {
        StringBuilder out = new StringBuilder();
        start(out, null);
        response.put("status", "failed");
        response.putObject("error").put("code", failure.code() != null ? failure.code() : "server_error")
                .put("message", failure.getMessage());
        write(out, event("response.failed").set("response", response));
        return bytes(out);
    }

    private byte[] passOn(ObjectNode upstream, String model) {
        started = true; // the upstream's own response.created came first
        ObjectNode event = upstream.deepCopy();
        if (event.get("response") instanceof ObjectNode r) {
            ResponseObject.overlay(r, response.get("id").asText(), model, response);
            String type = event.path("type").asText();
            if (type.equals("response.completed") || type.equals("response.incomplete")) {
                passedFinal = true;
                completed.accept(r);
            } else {
                response.put("model", model); // for a response.failed written here later
            }
        }
        StringBuilder out = new StringBuilder();
        write(out, event);
        return bytes(out);
    }

    private void start(StringBuilder out, ChatChunk first) {
        if (started) {
            return;
        }
        started = true;
        if (first != null && first.model != null) {
            response.put("model", first.model);
        }
        write(out, event("response.created").set("response", response.deepCopy()));
        write(out, event("response.in_progress").set("response", response.deepCopy()));
    }

    private void text(StringBuilder out, String delta) {
        if (open == null || openText == null) {
            close(out);
            open = ResponseObject.messageItem(ResponseObject.itemId("msg"), null, "in_progress");
            openText = new StringBuilder();
            ObjectNode added = itemEvent("response.output_item.added");
            added.set("item", open.deepCopy());
            write(out, added);
            ObjectNode part = partEvent("response.content_part.added");
            part.set("part", ResponseObject.textPart(""));
            write(out, part);
        }
        openText.append(delta);
        write(out, partEvent("response.output_text.delta").put("delta", delta));
    }

    private void tool(StringBuilder out, ToolCall call) {
        int index = call.index == null ? 0 : call.index;
        if (openToolIndex == null || openToolIndex != index) {
            close(out);
            open = ResponseObject.functionCall(ResponseObject.itemId("fc"), call.id,
                    call.function == null ? null : call.function.name, "", "in_progress");
            openToolIndex = index;
            write(out, itemEvent("response.output_item.added").set("item", open.deepCopy()));
        }
        String args = call.function == null ? null : call.function.arguments;
        if (args != null && !args.isEmpty()) {
            open.put("arguments", open.path("arguments").asText() + args);
            write(out, itemEvent("response.function_call_arguments.delta").put("item_id", open.get("id").asText())
                    .put("delta", args));
        }
    }

    /** Ends the open item: its done events, and it joins the response's output. */
    private void close(StringBuilder out) {
        if (open == null) {
            return;
        }
        open.put("status", "completed");
        if (openText != null) {
            String text = openText.toString();
            write(out, partEvent("response.output_text.done").put("text", text));
            ObjectNode part = partEvent("response.content_part.done");
            part.set("part", ResponseObject.textPart(text));
            write(out, part);
            ((ArrayNode) open.get("content")).add(ResponseObject.textPart(text));
        } else {
            write(out, itemEvent("response.function_call_arguments.done").put("item_id", open.get("id").asText())
                    .put("arguments", open.path("arguments").asText()));
        }
        write(out, itemEvent("response.output_item.done").set("item", open.deepCopy()));
        ((ArrayNode) response.get("output")).add(open);
        open = null;
        openText = null;
        openToolIndex = null;
    }

    private ObjectNode event(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    private ObjectNode itemEvent(String type) {
        return event(type).put("output_index", response.get("output").size());
    }

    private ObjectNode partEvent(String type) {
        return itemEvent(type).put("item_id", open.get("id").asText()).put("content_index", 0);
    }

    private void write(StringBuilder out, ObjectNode event) {
        event.put("sequence_number", sequence++);
        out.append("event: ").append(event.get("type").asText()).append("\ndata: ").append(Json.string(event))
                .append("\n\n");
    }

    private static byte[] bytes(StringBuilder events) {
        return events.toString().getBytes(StandardCharsets.UTF_8);
    }
}
