package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml writes the access log's lines as they are, and only there: each stdout line pure JSON. */
class AccessLogConfigTest {

    @Test
    void theAccessLoggerWritesBareLinesToStandardOutputAndNotThroughTheRoot() throws Exception {
        URL shipped = Gateway.class.getResource("/logback.xml");
        assertThat(shipped).isNotNull();
        LoggerContext context = new LoggerContext();
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(shipped);

            Logger access = context.getLogger(AccessLog.LOGGER);
            assertThat(access.getLevel()).isEqualTo(Level.INFO);
            assertThat(access.isAdditive()).isFalse();
            // AccessLog writes from its own thread: the appender is a plain, synchronous one
            ConsoleAppender<?> console = (ConsoleAppender<?>) access.getAppender("access-stdout");
            assertThat(console.getTarget()).isEqualTo("System.out");
            assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern()).isEqualTo("%msg%n");
        } finally {
            context.stop();
        }
    }
}
