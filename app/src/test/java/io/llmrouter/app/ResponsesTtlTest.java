package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** {@code llmrouter.responses.ttl}: short forms and ISO-8601, 24 hours unless set, and a clear error otherwise. */
class ResponsesTtlTest {

    @Test
    void readsShortFormsAndIso8601() {
        assertThat(Gateway.responsesTtl(null)).isEqualTo(Duration.ofHours(24));
        assertThat(Gateway.responsesTtl("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Gateway.responsesTtl("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Gateway.responsesTtl(" 7d ")).isEqualTo(Duration.ofDays(7));
        assertThat(Gateway.responsesTtl("PT2H")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void refusesWhatIsNotAPositiveDuration() {
        for (String bad : new String[] { "0h", "-1h", "soon", "12", "PT-1H" }) {
            assertThatThrownBy(() -> Gateway.responsesTtl(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("llmrouter.responses.ttl");
        }
    }
}
