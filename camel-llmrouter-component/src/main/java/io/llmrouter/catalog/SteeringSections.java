package io.llmrouter.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.steering.Rule;

/** Reads the catalog's {@code rules:} and {@code regions:} sections, naming the entry and field of every problem. */
final class SteeringSections {

    private static final Set<String> RULE_FIELDS = Set.of("name", "when", "models", "strategy", "prefer");
    private static final Set<String> WHEN_FIELDS = Set.of("headers", "key_tags", "team", "tools", "images",
            "json_mode", "prompt_tokens", "last_user_message", "difficulty");
    private static final Set<String> RANGE_FIELDS = Set.of("min", "max");
    private static final Set<String> MESSAGE_FIELDS = Set.of("regex", "keywords");
    private static final Set<String> DIFFICULTY_FIELDS = Set.of("min", "max", "model");
    private static final Set<String> REGION_FIELDS = Set.of("order", "countries", "continents");
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private SteeringSections() {
    }

    /**
     * @param modelNames every model id and alias of the catalog: a rule naming another is a mistake caught at load
     * @param learned    the catalog's {@code learned:} section, or null: a rule on the difficulty needs it
     */
    static List<Rule> rules(CatalogEntry top, Set<String> modelNames, LearnedSettings learned) {
        List<Rule> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (CatalogEntry e : top.list("rules", false)) {
            String name = e.requiredText("name");
            e.named(name);
            e.onlyFields(RULE_FIELDS);
            if (!names.add(name)) {
                throw e.error("duplicate rule name '" + name + "'");
            }
            List<String> models = e.stringList("models");
            List<String> prefer = e.stringList("prefer");
            for (String m : concat(models, prefer)) {
                if (!modelNames.contains(m)) {
                    throw e.error("model '" + m + "' is not in the catalog's models");
                }
            }
            String strategy = e.text("strategy", null);
            if (strategy != null && strategy.isBlank()) {
                throw e.error("strategy must not be empty");
            }
            if (models.isEmpty() && strategy == null && prefer.isEmpty()) {
                throw e.error("a rule must set models, strategy or prefer");
            }
            out.add(new Rule(name, when(e.child("when"), learned), models, strategy, prefer));
        }
        return List.copyOf(out);
    }

    private static Rule.When when(CatalogEntry w, LearnedSettings learned) {
        if (w == null) {
            return new Rule.When(Map.of(), List.of(), null, null, null, null, null, null, null, List.of(), null);
        }
        w.onlyFields(WHEN_FIELDS);
        Map<String, String> headers = new LinkedHashMap<>();
        w.stringMap("headers").forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        Integer min = null;
        Integer max = null;
        CatalogEntry range = w.child("prompt_tokens");
        if (range != null) {
            range.onlyFields(RANGE_FIELDS);
            min = range.has("min") ? (int) range.nonNegativeLong("min", 0) : null;
            max = range.has("max") ? (int) range.nonNegativeLong("max", 0) : null;
            if (min != null && max != null && min > max) {
                throw range.error("min " + min + " is greater than max " + max);
            }
        }
        Pattern regex = null;
        List<String> keywords = List.of();
        CatalogEntry message = w.child("last_user_message");
        if (message != null) {
            message.onlyFields(MESSAGE_FIELDS);
            String text = message.text("regex", null);
            if (text != null) {
                try {
                    regex = Pattern.compile(text);
                } catch (PatternSyntaxException ex) {
                    throw message.error("regex '" + text + "' is not valid: " + ex.getDescription() + " near index "
                            + ex.getIndex());
                }
            }
            keywords = message.stringList("keywords");
        }
        return new Rule.When(Map.copyOf(headers), w.stringList("key_tags"), w.text("team", null),
                bool(w, "tools"), bool(w, "images"), bool(w, "json_mode"), min, max, regex, keywords,
                difficulty(w.child("difficulty"), learned));
    }

    private static Rule.Difficulty difficulty(CatalogEntry d, LearnedSettings learned) {
        if (d == null) {
            return null;
        }
        d.onlyFields(DIFFICULTY_FIELDS);
        if (learned == null) {
            throw d.error("the difficulty is predicted by the learned router: add the catalog's learned: section "
                    + "(model_file and profiles)");
        }
        Double min = d.has("min") ? d.fraction("min") : null;
        Double max = d.has("max") ? d.fraction("max") : null;
        if (min == null && max == null) {
            throw d.error("set min and/or max, from 0 to 1");
        }
        if (min != null && max != null && min > max) {
            throw d.error("min " + min + " is greater than max " + max);
        }
        String model = d.text("model", null);
        if (model != null && !learned.profiles().containsKey(model)) {
            throw d.error("model '" + model + "' has no learned profile (learned.profiles names "
                    + new java.util.TreeSet<>(learned.profiles().keySet()) + ")");
        }
        return new Rule.Difficulty(min, max, model);
    }

    private static Boolean bool(CatalogEntry e, String field) {
        JsonNode n = e.node().get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw e.error(field + " must be true or false, was '" + n.asText() + "'");
        }
        return n.booleanValue();
    }

    /**
     * {@code regions:} maps a region to its failover order, nearest first, e.g. {@code eu-west: [eu-west, eu-central,
     * us-east]}, or to {@code {order: [...], countries: [DE, FR], continents: [EU]}} to also say which callers it
     * serves when their address is located by a GeoIP database. A region's own order starts with itself; one that
     * lists no order falls back to itself alone. A country or continent belongs to one region only.
     */
    static Regions regions(CatalogEntry top) {
        CatalogEntry section = top.child("regions");
        if (section == null) {
            return Regions.NONE;
        }
        Map<String, List<String>> orders = new LinkedHashMap<>();
        Map<String, String> countries = new LinkedHashMap<>();
        Map<String, String> continents = new LinkedHashMap<>();
        section.node().fieldNames().forEachRemaining(region -> {
            List<String> order;
            if (section.node().get(region).isObject()) {
                CatalogEntry r = section.child(region);
                r.onlyFields(REGION_FIELDS);
                order = r.has("order") ? r.stringList("order") : List.of(region);
                for (String c : r.stringList("countries")) {
                    String code = c.toUpperCase(Locale.ROOT);
                    if (!ISO_COUNTRIES.contains(code)) {
                        throw r.error("countries: '" + c + "' is not an ISO 3166-1 alpha-2 country code such as DE");
                    }
                    claim(r, countries, "country", code, region);
                }
                for (String c : r.stringList("continents")) {
                    String code = c.toUpperCase(Locale.ROOT);
                    if (!Regions.CONTINENTS.contains(code)) {
                        throw r.error("continents: '" + c + "' is not a continent code (" + String.join(", ",
                                Regions.CONTINENTS) + ")");
                    }
                    claim(r, continents, "continent", code, region);
                }
            } else {
                order = section.stringList(region);
            }
            if (order.isEmpty() || !order.get(0).equals(region)) {
                throw section.error(region + " must list its failover order starting with " + region + " itself, was "
                        + order);
            }
            if (new HashSet<>(order).size() != order.size()) {
                throw section.error(region + " lists a region twice: " + order);
            }
            orders.put(region, order);
        });
        return new Regions(orders, countries, continents);
    }

    private static void claim(CatalogEntry e, Map<String, String> owners, String what, String code, String region) {
        String other = owners.putIfAbsent(code, region);
        if (other != null) {
            throw e.error(what + " " + code + " is already served by region " + other
                    + ": a caller's location must lead to one region");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
