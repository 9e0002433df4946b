package io.llmrouter.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A store that fails to open says where without showing a password, in its message or its causes. */
class JdbcSecretsTest {

    @Test
    void masksPasswordParametersUserInfoAndThePasswordItself() {
        JdbcSecrets secrets = new JdbcSecrets("jdbc:postgresql://db/x?user=u&password=p4ss&ssl=true", "hunter2");

        assertThat(secrets.scrub("at jdbc:postgresql://db/x?user=u&password=p4ss&ssl=true: refused"))
                .isEqualTo("at jdbc:postgresql://db/x?user=u&password=****&ssl=true: refused");
        assertThat(secrets.scrub("jdbc:h2:file:/d;USER=sa;PASSWORD=p4ss;MODE=x"))
                .isEqualTo("jdbc:h2:file:/d;USER=sa;PASSWORD=****;MODE=x");
        assertThat(secrets.scrub("jdbc:foo://u:p4ss@db:5432/x")).isEqualTo("jdbc:foo://u:****@db:5432/x");
        assertThat(secrets.scrub("login with hunter2 or p4ss refused")).isEqualTo("login with **** or **** refused");
    }

    @Test
    void aCauseThatQuotesAPasswordIsShownScrubbedWithItsClassAndStackTrace() {
        SQLException driver = new SQLException("bad login u/hunter2");
        RuntimeException pool = new RuntimeException("pool failed", driver);

        IllegalStateException shown = new JdbcSecrets("jdbc:x://db", "hunter2").scrubbed("cannot open", pool);

        assertThat(trace(shown)).contains("Caused by: java.lang.RuntimeException: pool failed",
                "Caused by: java.sql.SQLException: bad login u/****").doesNotContain("hunter2");
        assertThat(shown.getCause().getCause().getStackTrace()).isEqualTo(driver.getStackTrace());
    }

    @Test
    void aCauseWithoutSecretsIsKeptAsItIs() {
        SQLException driver = new SQLException("connection refused");

        assertThat(new JdbcSecrets("jdbc:x://db", "hunter2").scrubbed("cannot open", driver)).hasCause(driver);
    }

    @Test
    void aFailureToOpenShowsNeitherTheUrlsPasswordNorTheGivenOne() {
        assertThatThrownBy(() -> JdbcGovernanceStore.open("jdbc:nosuchdriver://db/x?password=s3cr3t-param", "admin",
                "s3cr3t-arg"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot open the governance store at jdbc:nosuchdriver://db/x?password=****; ")
                .satisfies(e -> assertThat(trace(e)).doesNotContain("s3cr3t"));
    }

    @Test
    void refusesAPasswordBeforeTheHostWithoutShowingIt() {
        assertThatThrownBy(() -> JdbcGovernanceStore.open("jdbc:postgresql://admin:s3cr3t@db/x", "admin", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the JDBC URL jdbc:postgresql://admin:****@db/x has a password before its host: give it"
                        + " as the password instead");
    }

    private static String trace(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
