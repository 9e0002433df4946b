package io.llmrouter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway as people run it, {@code java -jar llmrouter.jar --port 0 --config FILE}, in its own JVM so that it does
 * not share a heap, JIT or GC with the load generator. Its console goes to a log file; the port comes from the
 * "listening on" line.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:/\\s]+:(\\d+)");

    private final Process process;
    private final int port;
    private final Path log;

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static GatewayProcess start(Path jar, Path catalog, List<String> jvmArgs, Path log, Duration timeout)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it first (mvn -B -DskipTests package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Dllmrouter.data-dir=" + log.toAbsolutePath().getParent().resolve("data-" + System.nanoTime()));
        command.addAll(List.of("-jar", jar.toString(), "--port", "0", "--config", catalog.toString()));
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // a harness stopped with Ctrl-C must not leave the gateway running
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "gateway-stop"));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, port), "gateway-log");
        pump.setDaemon(true);
        pump.start();
        try {
            return new GatewayProcess(process, port.get(timeout.toMillis(), TimeUnit.MILLISECONDS), log);
        } catch (Exception e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the gateway did not report its port within " + timeout.toSeconds()
                    + " s; see " + log, e);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
                Matcher m = LISTENING.matcher(line);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("the gateway exited with code "
                + process.onExit().join().exitValue()));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** CPU time the gateway process has used so far, in nanoseconds, or -1 if the OS does not tell. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
