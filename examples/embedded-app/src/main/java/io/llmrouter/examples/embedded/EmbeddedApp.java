package io.llmrouter.examples.embedded;

import org.apache.camel.main.Main;

/**
 * A Camel Main application with the {@code llm:} component: everything else is configuration
 * ({@code application.properties}: the catalog, the HTTP server, which YAML routes to load).
 */
public final class EmbeddedApp {

    private EmbeddedApp() {
    }

    public static void main(String[] args) throws Exception {
        new Main(EmbeddedApp.class).run(args);
    }
}
