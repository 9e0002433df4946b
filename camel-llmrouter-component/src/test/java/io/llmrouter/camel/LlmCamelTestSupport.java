package io.llmrouter.camel;

import io.llmrouter.state.InMemoryRouterState;
import io.llmrouter.testing.FakeCatalog;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A real CamelContext per test class whose {@code llm:} and {@code llm-router:} components are found on the classpath
 * and pick up the {@link FakeCatalog} and a router state from the registry, as an application would bind them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LlmCamelTestSupport {

    protected FakeOpenAiUpstream upstream;
    protected CamelContext context;
    protected ProducerTemplate template;
    protected InMemoryRouterState state;

    /** The routes under test; none by default. */
    protected RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
            }
        };
    }

    @BeforeAll
    void startCamel() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        state = new InMemoryRouterState();
        context = new DefaultCamelContext();
        context.getRegistry().bind("catalog", FakeCatalog.of(upstream));
        context.getRegistry().bind("routerState", state);
        context.addRoutes(routes());
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterAll
    void stopCamel() {
        if (context != null) {
            context.stop();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
    }
}
