package io.llmrouter.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Model;

/**
 * The enabled models of a catalog as OpenAI's model list, each with the router's extra facts (provider, prices,
 * context window, capabilities) under the same object.
 */
final class ModelList {

    private ModelList() {
    }

    static Map<String, Object> of(Catalog catalog) {
        List<Object> data = new ArrayList<>();
        for (Deployment d : catalog.deployments()) {
            data.add(entry(d));
        }
        for (Deployment d : catalog.wildcards().values()) {
            data.add(entry(d));
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        return list;
    }

    /**
     * One model by a name callers may use (id, alias, or a name a wildcard reaches, such as {@code openai/gpt-4o}), or
     * a wildcard as the list shows it ({@code openai/*}).
     */
    static Optional<Map<String, Object>> one(Catalog catalog, String name) {
        Optional<Deployment> d = catalog.resolve(name);
        if (d.isEmpty()) {
            d = catalog.wildcards().values().stream().filter(w -> w.model().id().equals(name)).findFirst();
        }
        return d.map(ModelList::entry);
    }

    private static Map<String, Object> entry(Deployment d) {
        Model m = d.model();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", m.id());
        e.put("object", "model");
        e.put("created", 0);
        e.put("owned_by", d.provider().id());
        e.put("aliases", m.aliases());
        e.put("provider_type", d.provider().type().wireName());
        if (m.inputPrice() != null || m.outputPrice() != null) {
            Map<String, Object> price = new LinkedHashMap<>();
            price.put("input_per_million", m.inputPrice());
            price.put("output_per_million", m.outputPrice());
            e.put("pricing", price);
        }
        if (m.contextWindow() > 0) {
            e.put("context_window", m.contextWindow());
        }
        if (m.maxOutputTokens() > 0) {
            e.put("max_output_tokens", m.maxOutputTokens());
        }
        e.put("capabilities", m.capabilities().stream().map(Capability::wireName).toList());
        if (!m.tags().isEmpty()) {
            e.put("tags", m.tags());
        }
        return e;
    }
}
