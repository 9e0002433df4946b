package io.llmrouter.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * nginx as a plain reverse proxy in front of a fake upstream, the reference a gateway's overhead is compared with:
 * HTTP/1.1 keep-alive to the upstream with a pool of idle connections, as nginx is deployed in front of API servers.
 * Started from Debian's {@code /usr/sbin/nginx} in a temporary prefix; null when nginx is not installed.
 */
final class Nginx implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final Path dir;
    private final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static Nginx startIfInstalled(int upstreamPort) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            return null;
        }
        Path dir = Files.createTempDirectory("bench-nginx");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  upstream fake { server 127.0.0.1:%2$d; keepalive 64; }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://fake;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_buffering off;
                    }
                  }
                }
                """.formatted(dir, upstreamPort, port));
        Process p = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf")
                .toString()).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "nginx-stop"));
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new Nginx(p, dir, port);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("out.log")));
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("nginx did not listen on " + port + " within 5 s");
    }

    int port() {
        return port;
    }

    String describe() {
        return "pid " + process.pid() + " on port " + port + " (worker_processes auto, keepalive 64 to the upstream)";
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
