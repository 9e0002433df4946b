package io.llmrouter.governance;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** How often a budget starts again: at midnight UTC, on Monday at midnight UTC, or on the first of the month. */
public enum BudgetPeriod {
    DAY, WEEK, MONTH;

    /** The start of the period that holds {@code at}. */
    public Instant start(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        LocalDate first = switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** When the period that holds {@code at} ends and the budget is whole again. */
    public Instant next(Instant at) {
        LocalDate first = LocalDate.ofInstant(start(at), ZoneOffset.UTC);
        LocalDate after = switch (this) {
            case DAY -> first.plusDays(1);
            case WEEK -> first.plusWeeks(1);
            case MONTH -> first.plusMonths(1);
        };
        return after.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static BudgetPeriod of(String name) {
        for (BudgetPeriod p : values()) {
            if (p.wireName().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("budget period must be day, week or month, not '" + name + "'");
    }
}
