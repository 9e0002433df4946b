package io.llmrouter.app;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;

/** A streamed answer's Server-Sent Events, parsed: each event's name (null when absent) and data. */
record SseEvents(List<Event> events) {

    record Event(String name, String data) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(data);
            } catch (Exception e) {
                throw new AssertionError("event data is not JSON: " + data, e);
            }
        }
    }

    static SseEvents parse(String body) {
        List<Event> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String name = null;
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
            if (data != null) {
                out.add(new Event(name, data.toString()));
            }
        }
        return new SseEvents(out);
    }

    List<String> names() {
        return events.stream().map(Event::name).toList();
    }

    /** The events of one name, in order. */
    List<JsonNode> named(String name) {
        return events.stream().filter(e -> name.equals(e.name())).map(Event::json).toList();
    }
}
