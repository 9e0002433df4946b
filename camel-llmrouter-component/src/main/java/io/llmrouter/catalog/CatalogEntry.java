package io.llmrouter.catalog;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A node of a catalog file with its place in the file, so every error can say where it is. Provider types read their
 * own fields through it ({@link ProviderType#settings}), with the same checks and messages as the loader's.
 */
public final class CatalogEntry {

    private final String source;
    private String where;
    private final JsonNode node;

    CatalogEntry(String source, String where, JsonNode node) {
        this.source = source;
        this.where = where;
        this.node = node;
    }

    JsonNode node() {
        return node;
    }

    void named(String id) {
        where = where + " (" + id + ")";
    }

    public CatalogException error(String what) {
        return new CatalogException(source + ": " + where + ": " + what);
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    public void onlyFields(Set<String> allowed) {
        if (!node.isObject()) {
            throw error("must be a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw error("unknown field '" + f + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    List<CatalogEntry> list(String field, boolean required) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw error("'" + field + "' is required");
            }
            return List.of();
        }
        if (!n.isArray()) {
            throw error("'" + field + "' must be a list");
        }
        List<CatalogEntry> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(new CatalogEntry(source, field + "[" + i + "]", n.get(i)));
        }
        return out;
    }

    public CatalogEntry child(String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw error(field + " must be a mapping");
        }
        return new CatalogEntry(source, where + ": " + field, n);
    }

    public String requiredText(String field) {
        String v = text(field, null);
        if (v == null || v.isBlank()) {
            throw error("'" + field + "' is required");
        }
        return v;
    }

    public String text(String field, String dflt) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isValueNode() || n.isContainerNode()) {
            throw error(field + " must be a string");
        }
        return n.asText();
    }

    public List<String> stringList(String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw error(field + " must be a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw error(field + " must hold non-empty strings, found '" + item + "'");
            }
            out.add(item.asText());
        }
        return List.copyOf(out);
    }

    Map<String, String> stringMap(String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw error(field + " must be a mapping");
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(f -> {
            if (!f.getValue().isValueNode()) {
                throw error(field + "." + f.getKey() + " must be a string");
            }
            out.put(f.getKey(), f.getValue().asText());
        });
        return Map.copyOf(out);
    }

    Double nonNegative(String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw error(field + " must be a number, was '" + n.asText() + "'");
        }
        if (n.asDouble() < 0) {
            throw error(field + " must be >= 0, was " + n.asText());
        }
        return n.asDouble();
    }

    Double fraction(String field) {
        Double v = nonNegative(field);
        if (v != null && v > 1) {
            throw error(field + " must be between 0 and 1, was " + v);
        }
        return v;
    }

    public double doubleValue(String field, double dflt) {
        Double v = nonNegative(field);
        return v == null ? dflt : v;
    }

    public long nonNegativeLong(String field, long dflt) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            throw error(field + " must be a whole number, was '" + n.asText() + "'");
        }
        if (n.asLong() < 0) {
            throw error(field + " must be >= 0, was " + n.asText());
        }
        return n.asLong();
    }

    public long positiveLong(String field, long dflt) {
        long v = nonNegativeLong(field, dflt);
        if (v == 0) {
            throw error(field + " must be > 0");
        }
        return v;
    }
}
