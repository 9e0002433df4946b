package io.llmrouter.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Failover warnings are logged at most once a second per deployment, in virtual time, saying how many were left out. */
class ThrottledWarningsTest {

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final ThrottledWarnings warnings = new ThrottledWarnings(recorder(), 1_000_000_000L, now::get);

    @Test
    void logsTheFirstWarningOfEachKeyAtOnceAndCountsTheRepeatsWithinTheInterval() {
        warnings.warn("a", () -> "a failed");
        warnings.warn("a", () -> "a failed");
        warnings.warn("a", () -> "a failed");
        warnings.warn("b", () -> "b failed");
        assertThat(lines).containsExactly("a failed", "b failed");
        now.addAndGet(999_999_999L);
        warnings.warn("a", () -> "a failed");
        assertThat(lines).hasSize(2);
        now.addAndGet(1);
        warnings.warn("a", () -> "a failed again");
        assertThat(lines).containsExactly("a failed", "b failed",
                "a failed again (and 3 more like it since the last line)");
    }

    private Logger recorder() {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                ThrottledWarningsTest.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent e) {
                lines.add(e.getFormattedMessage());
            }
        };
        appender.start();
        log.addAppender(appender);
        return log;
    }
}
