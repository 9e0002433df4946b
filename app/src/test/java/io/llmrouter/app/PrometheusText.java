package io.llmrouter.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A {@code GET /metrics} answer read back: its samples by name and exact label set, so tests assert values, names and
 * labels rather than the presence of a substring.
 */
final class PrometheusText {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    static PrometheusText parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                readLabels(line.substring(brace + 1, line.lastIndexOf('}')), labels);
            } else {
                name = line.substring(0, space);
            }
            out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return new PrometheusText(out);
    }

    /** {@code k="v",k2="v2"}, with Prometheus's escapes in values. */
    private static void readLabels(String s, Map<String, String> into) {
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            String key = s.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (s.charAt(j) != '"') {
                char c = s.charAt(j);
                if (c == '\\') {
                    char n = s.charAt(++j);
                    value.append(n == 'n' ? '\n' : n);
                } else {
                    value.append(c);
                }
                j++;
            }
            into.put(key, value.toString());
            i = j + 1;
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
            }
        }
    }

    /** The sample with exactly these labels ({@code "name", "value"} pairs), or 0 when there is none yet. */
    double value(String name, String... labels) {
        Sample s = find(name, labels);
        return s == null ? 0 : s.value();
    }

    /** The sample with exactly these labels; fails, listing the series of that name, when there is none. */
    double get(String name, String... labels) {
        Sample s = find(name, labels);
        if (s == null) {
            throw new AssertionError("no sample " + name + pairs(labels) + "; samples of that name: "
                    + samples.stream().filter(x -> x.name().equals(name)).map(x -> x.name() + x.labels())
                    .collect(Collectors.joining(", ")));
        }
        return s.value();
    }

    private Sample find(String name, String... labels) {
        Map<String, String> wanted = pairs(labels);
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().equals(wanted)) {
                return s;
            }
        }
        return null;
    }

    private static Map<String, String> pairs(String... labels) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            m.put(labels[i], labels[i + 1]);
        }
        return m;
    }

    /** The samples of this name. */
    List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The number of series whose name passes the filter. */
    long series(Predicate<String> name) {
        return samples.stream().filter(s -> name.test(s.name())).count();
    }

    /** Every sample name (a histogram's _bucket, _sum and _count each). */
    Set<String> names() {
        return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every label value anywhere. */
    Set<String> labelValues() {
        return samples.stream().flatMap(s -> s.labels().values().stream()).collect(Collectors.toSet());
    }
}
