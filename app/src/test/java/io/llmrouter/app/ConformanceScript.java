package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the official-SDK scripts in {@code conformance/} with Node and fails with its output unless it exits 0.
 * The Maven build runs {@code npm ci} there before the tests.
 */
final class ConformanceScript {

    private static final long TIMEOUT_SECONDS = 120;

    private ConformanceScript() {
    }

    /** Runs {@code node conformance/<script> <args>}, after checking that the npm package it drives is installed. */
    static void run(String script, String npmPackage, List<String> args) throws IOException, InterruptedException {
        Path root = repoRoot();
        assertThat(root.resolve("conformance/node_modules/" + npmPackage + "/package.json"))
                .as("the %s package: run `npm ci` in conformance/ (the Maven build does it before the tests)",
                        npmPackage)
                .exists();
        List<String> command = new ArrayList<>(List.of("node", root.resolve("conformance/" + script).toString()));
        command.addAll(args);
        Path output = Files.createTempFile(script, ".out");
        try {
            Process node;
            try {
                node = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("cannot run `node` (Node.js 18 or later must be on the PATH): "
                        + e.getMessage(), e);
            }
            boolean finished = node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String out = Files.readString(output);
            assertThat(finished).as("%s still running after %d s; its output:%n%s", script, TIMEOUT_SECONDS, out)
                    .isTrue();
            assertThat(node.exitValue()).as("exit code of `%s`; its output:%n%s", String.join(" ", command), out)
                    .isZero();
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The repository root: the parent of the app module's base directory (Surefire's {@code basedir}). */
    private static Path repoRoot() {
        Path app = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        return app.getParent();
    }
}
