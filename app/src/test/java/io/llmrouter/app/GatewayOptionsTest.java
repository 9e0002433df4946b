package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The command line and environment that configure the gateway: flags win, bad values are refused saying why. */
class GatewayOptionsTest {

    private static final String[] NONE = new String[0];

    @Test
    void withoutFlagsOrEnvironmentTheDefaultsApply() {
        GatewayOptions o = GatewayOptions.parse(NONE, Map.of());

        assertThat(o.port()).isEqualTo(GatewayOptions.DEFAULT_PORT).isEqualTo(8080);
        assertThat(o.config()).isNull();
        assertThat(o.routesDir()).isNull();
        assertThat(o.bodyLimit()).isEqualTo(GatewayOptions.DEFAULT_BODY_LIMIT);
    }

    @Test
    void flagsSetPortCatalogAndRoutes() {
        GatewayOptions o = GatewayOptions.parse(
                new String[] { "--port", "9090", "--config", "/etc/llm/catalog.yaml", "--routes", "/etc/llm/routes" },
                Map.of());

        assertThat(o.port()).isEqualTo(9090);
        assertThat(o.config()).isEqualTo("/etc/llm/catalog.yaml");
        assertThat(o.routesDir()).isEqualTo("/etc/llm/routes");
    }

    @Test
    void flagsAlsoTakeTheirValueAfterAnEqualsSign() {
        GatewayOptions o = GatewayOptions.parse(new String[] { "--port=0", "--config=c.yaml", "--routes=r" }, Map.of());

        assertThat(o.port()).isZero();
        assertThat(o.config()).isEqualTo("c.yaml");
        assertThat(o.routesDir()).isEqualTo("r");
    }

    @Test
    void environmentSetsPortCatalogRoutesAndBodyLimit() {
        GatewayOptions o = GatewayOptions.parse(NONE, Map.of("LLMROUTER_PORT", "7070", "LLMROUTER_CONFIG", "env.yaml",
                "LLMROUTER_ROUTES", "env-routes", "LLMROUTER_BODY_LIMIT", "1024"));

        assertThat(o.port()).isEqualTo(7070);
        assertThat(o.config()).isEqualTo("env.yaml");
        assertThat(o.routesDir()).isEqualTo("env-routes");
        assertThat(o.bodyLimit()).isEqualTo(1024);
    }

    @Test
    void flagsWinOverTheEnvironment() {
        GatewayOptions o = GatewayOptions.parse(new String[] { "--port", "9091", "--config", "flag.yaml" },
                Map.of("LLMROUTER_PORT", "7070", "LLMROUTER_CONFIG", "env.yaml"));

        assertThat(o.port()).isEqualTo(9091);
        assertThat(o.config()).isEqualTo("flag.yaml");
    }

    @Test
    void portThatIsNotANumberIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> GatewayOptions.parse(new String[] { "--port", "http" }, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be a number from 0 to 65535")
                .hasMessageContaining("'http'");
    }

    @Test
    void portOutOfRangeIsRefused() {
        assertThatThrownBy(() -> GatewayOptions.parse(new String[] { "--port", "70000" }, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'70000'");
        assertThatThrownBy(() -> GatewayOptions.parse(NONE, Map.of("LLMROUTER_PORT", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-1'");
    }

    @Test
    void unknownFlagIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> GatewayOptions.parse(new String[] { "--verbose" }, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown argument '--verbose'")
                .hasMessageContaining("usage: java -jar llmrouter.jar");
    }

    @Test
    void flagWithoutItsValueIsRefused() {
        assertThatThrownBy(() -> GatewayOptions.parse(new String[] { "--config" }, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--config needs a value");
    }

    @Test
    void bodyLimitThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> GatewayOptions.parse(NONE, Map.of("LLMROUTER_BODY_LIMIT", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LLMROUTER_BODY_LIMIT");
    }

    @Test
    void environmentSetsTheConnectionTimeoutsInSeconds() {
        GatewayOptions o = GatewayOptions.parse(NONE, Map.of("LLMROUTER_HEADER_READ_TIMEOUT", "2.5",
                "LLMROUTER_IDLE_TIMEOUT", "0"));

        assertThat(o.headerReadTimeoutMillis()).isEqualTo(2500);
        assertThat(o.idleTimeoutMillis()).isZero();
        assertThat(GatewayOptions.parse(NONE, Map.of()).headerReadTimeoutMillis())
                .isEqualTo(GatewayOptions.DEFAULT_HEADER_READ_TIMEOUT_MILLIS).isEqualTo(10_000);
    }

    @Test
    void aBadTimeoutIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> GatewayOptions.parse(NONE, Map.of("LLMROUTER_IDLE_TIMEOUT", "-1")))
                .hasMessageContaining("LLMROUTER_IDLE_TIMEOUT").hasMessageContaining("-1");
    }

    @Test
    void environmentSetsTheEventLoopsServingConnectionsOnePerCoreByDefault() {
        assertThat(GatewayOptions.parse(NONE, Map.of()).eventLoops())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(GatewayOptions.parse(NONE, Map.of("LLMROUTER_EVENT_LOOPS", "3")).eventLoops()).isEqualTo(3);
        assertThatThrownBy(() -> GatewayOptions.parse(NONE, Map.of("LLMROUTER_EVENT_LOOPS", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LLMROUTER_EVENT_LOOPS");
    }

    @Test
    void environmentSetsTheBodyReadTimeoutInSeconds() {
        assertThat(GatewayOptions.parse(NONE, Map.of()).bodyReadTimeoutMillis())
                .isEqualTo(GatewayOptions.DEFAULT_BODY_READ_TIMEOUT_MILLIS);
        assertThat(GatewayOptions.parse(NONE, Map.of("LLMROUTER_BODY_READ_TIMEOUT", "1.5")).bodyReadTimeoutMillis())
                .isEqualTo(1500);
    }
}
