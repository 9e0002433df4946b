package io.llmrouter.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.llmrouter.api.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Teams, keys and spend entries as rows of the db/llmrouter schema: instants as epoch milliseconds (so they come back
 * truncated to the millisecond), lists and maps as JSON text, a budget as three columns that are all null without one.
 */
final class GovernanceRows {

    /** A team's columns but its id, in the order {@link #bindTeam} binds them. */
    static final List<String> TEAM_COLUMNS = List.of("name", "rpm", "tpm", "budget_usd", "budget_period",
            "budget_hard", "created_at");

    /** A key's columns but its id, in the order {@link #bindKey} binds them. */
    static final List<String> KEY_COLUMNS = List.of("name", "hash", "hint", "team_id", "models", "rpm", "tpm",
            "budget_usd", "budget_period", "budget_hard", "strategy", "preferences", "tags", "expires_at",
            "created_at", "revoked_at", "audit");

    static final String SPEND_INSERT = "INSERT INTO llmrouter_spend (at, utc_day, key_id, team_id, model, deployment,"
            + " prompt_tokens, cached_tokens, completion_tokens, usd, answers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private GovernanceRows() {
    }

    static void bindTeam(PreparedStatement ps, Team team) throws SQLException {
        ps.setString(1, team.name());
        int next = bindLimits(ps, 2, team.limits());
        setMillis(ps, next, team.createdAt());
    }

    static Team team(ResultSet rs) throws SQLException {
        return new Team(rs.getString("id"), rs.getString("name"), limits(rs), instant(rs, "created_at"));
    }

    static void bindKey(PreparedStatement ps, VirtualKey key) throws SQLException {
        ps.setString(1, key.name());
        ps.setString(2, key.hash());
        ps.setString(3, key.hint());
        ps.setString(4, key.team());
        ps.setString(5, Json.string(key.models()));
        int next = bindLimits(ps, 6, key.limits());
        ps.setString(next, key.strategy());
        ps.setString(next + 1, Json.string(key.preferences()));
        ps.setString(next + 2, Json.string(key.tags()));
        setMillis(ps, next + 3, key.expiresAt());
        setMillis(ps, next + 4, key.createdAt());
        setMillis(ps, next + 5, key.revokedAt());
        ps.setBoolean(next + 6, key.audit());
    }

    static VirtualKey key(ResultSet rs) throws SQLException {
        return new VirtualKey(rs.getString("id"), rs.getString("name"), rs.getString("hash"), rs.getString("hint"),
                rs.getString("team_id"), json(rs, "models", STRINGS), limits(rs), rs.getString("strategy"),
                json(rs, "preferences", STRING_MAP), json(rs, "tags", STRINGS), instant(rs, "expires_at"),
                instant(rs, "created_at"), instant(rs, "revoked_at"), rs.getBoolean("audit"));
    }

    /** Binds {@link #SPEND_INSERT}. */
    static void bindSpend(PreparedStatement ps, SpendEntry entry) throws SQLException {
        ps.setLong(1, entry.at().toEpochMilli());
        ps.setObject(2, LocalDate.ofInstant(entry.at(), ZoneOffset.UTC));
        ps.setString(3, entry.key());
        ps.setString(4, entry.team());
        ps.setString(5, entry.model());
        ps.setString(6, entry.deployment());
        ps.setLong(7, entry.promptTokens());
        ps.setLong(8, entry.cachedTokens());
        ps.setLong(9, entry.completionTokens());
        ps.setDouble(10, entry.usd());
        ps.setInt(11, entry.answers());
    }

    /** Binds rpm, tpm and the budget from {@code index} on; returns the next index. */
    private static int bindLimits(PreparedStatement ps, int index, Limits limits) throws SQLException {
        ps.setInt(index, limits.rpm());
        ps.setInt(index + 1, limits.tpm());
        Budget budget = limits.budget();
        if (budget == null) {
            ps.setNull(index + 2, Types.DOUBLE);
            ps.setNull(index + 3, Types.VARCHAR);
            ps.setNull(index + 4, Types.BOOLEAN);
        } else {
            ps.setDouble(index + 2, budget.usd());
            ps.setString(index + 3, budget.period().wireName());
            ps.setBoolean(index + 4, budget.hard());
        }
        return index + 5;
    }

    private static Limits limits(ResultSet rs) throws SQLException {
        double usd = rs.getDouble("budget_usd");
        Budget budget = rs.wasNull() ? null
                : new Budget(usd, BudgetPeriod.of(rs.getString("budget_period")), rs.getBoolean("budget_hard"));
        return new Limits(rs.getInt("rpm"), rs.getInt("tpm"), budget);
    }

    private static void setMillis(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, at.toEpochMilli());
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static <T> T json(ResultSet rs, String column, TypeReference<T> type) throws SQLException {
        try {
            return Json.MAPPER.readValue(rs.getString(column), type);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " of " + rs.getString("id") + " is not the JSON expected", e);
        }
    }
}
