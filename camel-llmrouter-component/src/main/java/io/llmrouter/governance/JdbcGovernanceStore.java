package io.llmrouter.governance;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;

/**
 * The governance store on JDBC: an H2 file for a single gateway ({@link #embedded}), or a PostgreSQL database that
 * several share ({@link #open}). Opening migrates the schema (Flyway, {@code db/llmrouter}); the SQL is standard so
 * that one schema and one set of statements serve both. Instants are kept to the millisecond.
 */
public final class JdbcGovernanceStore implements GovernanceStore {

    private static final int MAX_CONNECTIONS = 4;

    private static final Upsert TEAM = new Upsert("llmrouter_team", GovernanceRows.TEAM_COLUMNS);
    private static final Upsert KEY = new Upsert("llmrouter_key", GovernanceRows.KEY_COLUMNS);
    /**
     * Spend summed exactly: a sum of doubles depends on the order the database reads the rows in, so the same ledger
     * would report a different last digit from one query to the next.
     */
    private static final String USD_SUM = "SUM(CAST(usd AS DECIMAL(38, 18)))";
    private static final String SPEND_OF_KEY =
            "SELECT COALESCE(" + USD_SUM + ", 0) FROM llmrouter_spend WHERE key_id = ? AND at >= ?";
    private static final String SPEND_OF_TEAM =
            "SELECT COALESCE(" + USD_SUM + ", 0) FROM llmrouter_spend WHERE team_id = ? AND at >= ?";

    private final HikariDataSource pool;

    private JdbcGovernanceStore(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Opens the database at {@code jdbcUrl} (its driver on the class path) and migrates its schema.
     *
     * @throws IllegalArgumentException when the URL holds a password as {@code user:password@}
     * @throws IllegalStateException     when it cannot open or migrate, naming the URL without its password
     */
    public static JdbcGovernanceStore open(String jdbcUrl, String user, String password) {
        JdbcSecrets secrets = new JdbcSecrets(jdbcUrl, password);
        if (JdbcSecrets.inUserInfo(jdbcUrl)) {
            throw new IllegalArgumentException("the JDBC URL " + secrets.scrub(jdbcUrl)
                    + " has a password before its host: give it as the password instead");
        }
        HikariDataSource pool = null;
        try {
            HikariConfig config = new HikariConfig();
            config.setPoolName("llmrouter-store");
            config.setMaximumPoolSize(MAX_CONNECTIONS);
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(user);
            config.setPassword(password);
            pool = new HikariDataSource(config);
            Flyway.configure(JdbcGovernanceStore.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/llmrouter")
                    .table("llmrouter_schema_history")
                    .cleanDisabled(true)
                    .load()
                    .migrate();
            return new JdbcGovernanceStore(pool);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw secrets.scrubbed("cannot open the governance store at " + jdbcUrl + "; " + e.getMessage(), e);
        }
    }

    /**
     * Opens, or creates, the H2 database {@code llmrouter} in {@code dataDir}. Without AUTO_SERVER, which would listen
     * on a TCP port of every interface: one process at a time owns the file.
     */
    public static JdbcGovernanceStore embedded(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the governance store's directory " + dataDir, e);
        }
        return open("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("llmrouter"), "sa", "");
    }

    @Override
    public void saveTeam(Team team) {
        inTransaction("save team " + team.id(), c -> TEAM.run(c, team.id(), ps -> GovernanceRows.bindTeam(ps, team)));
    }

    @Override
    public Optional<Team> team(String id) {
        return query("SELECT * FROM llmrouter_team WHERE id = ?", ps -> ps.setString(1, id), GovernanceRows::team)
                .stream().findFirst();
    }

    @Override
    public List<Team> teams() {
        return query("SELECT * FROM llmrouter_team ORDER BY id", ps -> { }, GovernanceRows::team);
    }

    @Override
    public void saveKey(VirtualKey key) {
        inTransaction("save key " + key.id(), c -> KEY.run(c, key.id(), ps -> GovernanceRows.bindKey(ps, key)));
    }

    @Override
    public Optional<VirtualKey> key(String id) {
        return query("SELECT * FROM llmrouter_key WHERE id = ?", ps -> ps.setString(1, id), GovernanceRows::key)
                .stream().findFirst();
    }

    @Override
    public Optional<VirtualKey> keyByHash(String hash) {
        return query("SELECT * FROM llmrouter_key WHERE hash = ?", ps -> ps.setString(1, hash), GovernanceRows::key)
                .stream().findFirst();
    }

    @Override
    public List<VirtualKey> keys() {
        return query("SELECT * FROM llmrouter_key ORDER BY id", ps -> { }, GovernanceRows::key);
    }

    @Override
    public void append(List<SpendEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        inTransaction("append " + entries.size() + " spend entries", c -> {
            try (PreparedStatement ps = c.prepareStatement(GovernanceRows.SPEND_INSERT)) {
                for (SpendEntry entry : entries) {
                    GovernanceRows.bindSpend(ps, entry);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    @Override
    public double spendSince(String id, boolean team, Instant since) {
        List<Double> total = query(team ? SPEND_OF_TEAM : SPEND_OF_KEY, ps -> {
            ps.setString(1, id);
            ps.setLong(2, since.toEpochMilli());
        }, rs -> rs.getDouble(1));
        return total.get(0);
    }

    @Override
    public List<SpendLine> report(GroupBy by, Instant from, Instant to) {
        String group = switch (by) {
            case KEY -> "COALESCE(key_id, '-')";
            case TEAM -> "COALESCE(team_id, '-')";
            case MODEL -> "model";
            case DAY -> "utc_day";
        };
        String sql = "SELECT " + group + ", " + USD_SUM + ", SUM(answers), SUM(prompt_tokens), SUM(completion_tokens)"
                + " FROM llmrouter_spend WHERE at >= ? AND at < ? GROUP BY " + group + " ORDER BY 2 DESC, 1";
        return query(sql, ps -> {
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, to.toEpochMilli());
        }, rs -> new SpendLine(by == GroupBy.DAY ? rs.getObject(1, LocalDate.class).toString() : rs.getString(1),
                rs.getDouble(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
    }

    @Override
    public void close() {
        pool.close();
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        return withConnection("query: " + sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(mapper.map(rs));
                    }
                    return rows;
                }
            }
        });
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private void inTransaction(String what, Work work) {
        withConnection(what, c -> {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
            return null;
        });
    }

    private <T> T withConnection(String what, ConnectionFunction<T> function) {
        try (Connection c = pool.getConnection()) {
            return function.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException("governance store: cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Updates the row with an id, or inserts it when there is none: the one upsert that H2 and PostgreSQL share
     * without a dialect. Both statements bind the columns first and the id last. Of two callers creating the same
     * id at once, the second gets the primary key's error.
     */
    private record Upsert(String update, String insert, int idIndex) {

        Upsert(String table, List<String> columns) {
            this("UPDATE " + table + " SET " + columns.stream().map(c -> c + " = ?").collect(Collectors.joining(", "))
                            + " WHERE id = ?",
                    "INSERT INTO " + table + " (" + String.join(", ", columns) + ", id) VALUES ("
                            + "?, ".repeat(columns.size()) + "?)",
                    columns.size() + 1);
        }

        void run(Connection c, String id, Binder columns) throws SQLException {
            try (PreparedStatement update = c.prepareStatement(this.update)) {
                columns.bind(update);
                update.setString(idIndex, id);
                if (update.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(this.insert)) {
                columns.bind(insert);
                insert.setString(idIndex, id);
                insert.executeUpdate();
            }
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionFunction<T> {
        T apply(Connection c) throws SQLException;
    }
}
