package io.llmrouter.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** Keeps the JSON fields a type does not declare, so they pass through to OpenAI-compatible upstreams unchanged. */
public abstract class Extensible {

    private Map<String, Object> extra;

    @JsonAnyGetter
    public Map<String, Object> extra() {
        return extra == null ? Map.of() : extra;
    }

    @JsonAnySetter
    public void extra(String name, Object value) {
        if (extra == null) {
            extra = new LinkedHashMap<>();
        }
        extra.put(name, value);
    }

    public Object removeExtra(String name) {
        return extra == null ? null : extra.remove(name);
    }
}
