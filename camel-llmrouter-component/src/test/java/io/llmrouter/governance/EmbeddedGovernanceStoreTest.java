package io.llmrouter.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded H2 file, in a directory of its own per test. */
class EmbeddedGovernanceStoreTest extends GovernanceStoreContract {

    @TempDir
    Path dir;

    @Override
    protected JdbcGovernanceStore open() {
        return JdbcGovernanceStore.embedded(dir.resolve("data"));
    }

    @Test
    void createsItsDirectoryAndOneDatabaseFileInIt() {
        store();

        assertThat(dir.resolve("data/llmrouter.mv.db")).isRegularFile();
    }
}
