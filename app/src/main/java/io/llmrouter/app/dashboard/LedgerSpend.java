package io.llmrouter.app.dashboard;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmrouter.governance.Governance;
import io.llmrouter.governance.GovernanceStore.GroupBy;
import io.llmrouter.governance.SpendLine;
import io.llmrouter.governance.VirtualKey;

/**
 * The spend ledger's view for the dashboard: spend per day over the last two weeks, and the top models, keys and teams
 * of the last 30 days. The ledger is a database, so the answer is made on a worker and reused for a few seconds
 * rather than queried on every poll of
 * every open page.
 */
final class LedgerSpend {

    static final int DAYS = 14;
    static final int TOP_DAYS = 30;
    static final int TOP = 10;
    /** How the ledger records spend without a key or a team. */
    private static final String NO_GROUP = "-";
    private static final long FRESH_NANOS = Duration.ofSeconds(5).toNanos();

    private final Governance governance;
    private volatile Map<String, Object> last;
    private volatile long madeAt;

    LedgerSpend(Governance governance) {
        this.governance = governance;
    }

    /** The last answer while it is fresh, else a new one. Blocks on the database: call it on a worker. */
    Map<String, Object> current() {
        Map<String, Object> cached = last;
        if (cached != null && System.nanoTime() - madeAt < FRESH_NANOS) {
            return cached;
        }
        Map<String, Object> made = read();
        last = made;
        madeAt = System.nanoTime();
        return made;
    }

    private Map<String, Object> read() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, SpendLine> byDay = new HashMap<>();
        for (SpendLine l : report(GroupBy.DAY, today.minusDays(DAYS - 1), today)) {
            byDay.put(l.group(), l);
        }
        List<Map<String, Object>> days = new ArrayList<>();
        for (LocalDate d = today.minusDays(DAYS - 1); !d.isAfter(today); d = d.plusDays(1)) {
            SpendLine l = byDay.get(d.toString());
            days.add(line("day", d.toString(), l == null ? 0 : l.usd(), l == null ? 0 : l.requests()));
        }
        out.put("days", days);
        out.put("topDays", TOP_DAYS);
        Map<String, String> keyNames = new HashMap<>();
        for (VirtualKey k : governance.keys()) {
            keyNames.put(k.id(), k.name());
        }
        for (GroupBy by : List.of(GroupBy.MODEL, GroupBy.KEY, GroupBy.TEAM)) {
            List<Map<String, Object>> top = new ArrayList<>();
            report(by, today.minusDays(TOP_DAYS - 1), today).stream()
                    .sorted(Comparator.comparingDouble(SpendLine::usd).reversed()).limit(TOP)
                    .forEach(l -> {
                        Map<String, Object> row = line("name", l.group(), l.usd(), l.requests());
                        if (by == GroupBy.KEY && keyNames.containsKey(l.group())) {
                            row.put("label", keyNames.get(l.group()));
                        } else if (NO_GROUP.equals(l.group())) {
                            row.put("name", SpendSeries.NONE); // spent without a key, or by a key of no team
                        }
                        top.add(row);
                    });
            out.put(by.name().toLowerCase(java.util.Locale.ROOT), top);
        }
        return out;
    }

    private List<SpendLine> report(GroupBy by, LocalDate from, LocalDate to) {
        return governance.report(by, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static Map<String, Object> line(String field, String group, double usd, long requests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(field, group);
        m.put("usd", usd);
        m.put("requests", requests);
        return m;
    }
}
