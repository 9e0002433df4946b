package io.llmrouter.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The store contract on a real PostgreSQL server ({@code source .ci/postgres}): a database of its own for this class,
 * dropped after it, and a schema of its own for each test.
 */
class PostgresGovernanceStoreTest extends GovernanceStoreContract {

    private static PostgresTestServer server;
    private static String database;
    private String schema;

    /** Finds the server before each test rather than once, so that each test reports why it was skipped. */
    @BeforeEach
    void createSchema() {
        if (database == null) {
            server = PostgresTestServer.fromEnvironment();
            database = server.createDatabase();
        }
        schema = server.createSchema(database);
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            server.dropDatabase(database);
        }
    }

    @Override
    protected JdbcGovernanceStore open() {
        return JdbcGovernanceStore.open(server.url(database, schema), server.user, server.password);
    }

    @Test
    void neitherLogsNorErrorsShowThePassword() {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        String url = server.url(database, schema);
        try {
            JdbcGovernanceStore.open(url + "&password=" + server.password, server.user, server.password).close();
            assertThatThrownBy(() -> JdbcGovernanceStore.open(url + "&password=" + server.password + "x",
                    server.user, server.password + "x"))
                    .satisfies(e -> assertThat(messages(e)).isNotEmpty().noneMatch(m -> m.contains(server.password)));
        } finally {
            root.setLevel(level);
            root.detachAppender(logs);
        }

        assertThat(logs.list).isNotEmpty().allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).doesNotContain(server.password);
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(server.password);
            }
        });
    }

    private static List<String> messages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(t.toString());
        }
        return messages;
    }
}
