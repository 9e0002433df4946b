package io.llmrouter.governance;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests run against, named by LLMROUTER_TEST_POSTGRES_URL (its {@code postgres} database),
 * _USER and _PASSWORD, as {@code .ci/postgres} exports them. Without them the tests are skipped, except under CI,
 * where they fail: CI must never pass without having run them.
 */
public final class PostgresTestServer {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");

    public final String user;
    public final String password;
    private final String serverUrl;

    private PostgresTestServer(String serverUrl, String user, String password) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
    }

    public static PostgresTestServer fromEnvironment() {
        String url = System.getenv("LLMROUTER_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            String why = "LLMROUTER_TEST_POSTGRES_URL is not set: run `source .ci/postgres` first to start a PostgreSQL"
                    + " server for the tests";
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank()) {
                fail("CI is set, so the PostgreSQL tests must run, but " + why);
            }
            Assumptions.abort("PostgreSQL tests skipped: " + why);
        }
        if (!URL.matcher(url).matches()) {
            fail("LLMROUTER_TEST_POSTGRES_URL must look like jdbc:postgresql://host:port/postgres, not " + url);
        }
        return new PostgresTestServer(url, System.getenv("LLMROUTER_TEST_POSTGRES_USER"),
                System.getenv("LLMROUTER_TEST_POSTGRES_PASSWORD"));
    }

    /** Creates a database no other test run sees and returns its name. */
    public String createDatabase() {
        String name = "llmrouter_test_" + UUID.randomUUID().toString().replace("-", "");
        execute(serverUrl, "CREATE DATABASE " + name);
        return name;
    }

    /** Drops the database, closing whatever connections are still open to it. */
    public void dropDatabase(String name) {
        execute(serverUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Creates a schema in the database and returns its name. */
    String createSchema(String database) {
        String name = "s" + UUID.randomUUID().toString().replace("-", "");
        execute(url(database, null), "CREATE SCHEMA " + name);
        return name;
    }

    /** The JDBC URL of the database, whose connections work in {@code schema} (null: public). */
    public String url(String database, String schema) {
        Matcher m = URL.matcher(serverUrl);
        if (!m.matches()) {
            throw new IllegalStateException("checked in fromEnvironment");
        }
        String query = m.group(3) == null ? "" : m.group(3);
        if (schema != null) {
            query += (query.isEmpty() ? "?" : "&") + "currentSchema=" + schema;
        }
        return m.group(1) + database + query;
    }

    private void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + sql + " on the test server: " + e.getMessage(), e);
        }
    }
}
