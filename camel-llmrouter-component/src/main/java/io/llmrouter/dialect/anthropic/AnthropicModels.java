package io.llmrouter.dialect.anthropic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmrouter.api.LlmException;

/**
 * The model list and model objects of Anthropic's Models API ({@code GET /v1/models}, {@code /v1/models/{id}}), made
 * from the router's OpenAI-shaped entries: {@code {type: "model", id, display_name, created_at}}, a page at a time
 * with {@code before_id}, {@code after_id} and {@code limit} as Anthropic pages.
 */
public final class AnthropicModels {

    /** The header every Anthropic SDK sends, and the one that asks for these shapes. */
    public static final String VERSION_HEADER = "anthropic-version";
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    private AnthropicModels() {
    }

    /** One model in Anthropic's shape, from an entry of the OpenAI list ({@code id}, {@code created} in seconds). */
    public static Map<String, Object> model(Map<String, Object> openAiEntry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "model");
        m.put("id", openAiEntry.get("id"));
        m.put("display_name", openAiEntry.get("id")); // the catalog's id is the name its users know it by
        long created = ((Number) openAiEntry.getOrDefault("created", 0)).longValue();
        m.put("created_at", Instant.ofEpochSecond(created).toString());
        return m;
    }

    /**
     * One page of the list. {@code afterId} starts the page after that model, {@code beforeId} ends it before that
     * model (the models just before it); both null: the first page.
     *
     * @param limit null for the default, else 1 to 1000
     * @throws LlmException 400 naming the parameter for a limit out of range or a cursor that is not a listed model
     */
    public static Map<String, Object> page(List<Map<String, Object>> openAiEntries, String beforeId, String afterId,
                                           String limit) {
        int size = limit(limit);
        List<Object> ids = openAiEntries.stream().map(e -> e.get("id")).toList();
        int from = 0;
        int to = ids.size();
        if (afterId != null) {
            from = cursor(ids, afterId, "after_id") + 1;
            to = Math.min(ids.size(), from + size);
        } else if (beforeId != null) {
            to = cursor(ids, beforeId, "before_id");
            from = Math.max(0, to - size);
        } else {
            to = Math.min(ids.size(), size);
        }
        List<Object> data = new ArrayList<>();
        for (Map<String, Object> e : openAiEntries.subList(from, to)) {
            data.add(model(e));
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("data", data);
        page.put("first_id", data.isEmpty() ? null : ids.get(from));
        page.put("last_id", data.isEmpty() ? null : ids.get(to - 1));
        page.put("has_more", beforeId != null && afterId == null ? from > 0 : to < ids.size());
        return page;
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw LlmException.invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", was '"
                + (limit.length() > 40 ? limit.substring(0, 40) + "..." : limit) + "'.");
    }

    private static int cursor(List<Object> ids, String id, String param) {
        int i = ids.indexOf(id);
        if (i < 0) {
            throw LlmException.invalid(param, param + " names no listed model.");
        }
        return i;
    }
}
