package io.llmrouter.governance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the entries of one ledger commit that share a key, team, model, deployment and second into one row, so a
 * gateway answering thousands of requests a second to a few models writes a few rows a second, not thousands. Budgets
 * and reports sum rows, so they read the same totals; only the time within the second is lost.
 */
final class SpendRollup {

    private record Group(long second, String key, String team, String model, String deployment) {
    }

    private SpendRollup() {
    }

    static List<SpendEntry> of(List<SpendEntry> entries) {
        if (entries.size() < 2) {
            return entries;
        }
        Map<Group, SpendEntry> rows = new LinkedHashMap<>();
        for (SpendEntry e : entries) {
            Group g = new Group(e.at().getEpochSecond(), e.key(), e.team(), e.model(), e.deployment());
            rows.merge(g, e, SpendRollup::sum);
        }
        return rows.size() == entries.size() ? entries : new ArrayList<>(rows.values());
    }

    /** The two entries' sums, at the earlier one's instant, so the row stays within the second and its period. */
    private static SpendEntry sum(SpendEntry a, SpendEntry b) {
        Instant at = a.at().isBefore(b.at()) ? a.at() : b.at();
        return new SpendEntry(at, a.key(), a.team(), a.model(), a.deployment(), a.promptTokens() + b.promptTokens(),
                a.cachedTokens() + b.cachedTokens(), a.completionTokens() + b.completionTokens(), a.usd() + b.usd(),
                a.answers() + b.answers());
    }
}
