package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Key material never reaches an audited access-log line: virtual keys whole or cut, the master key and provider keys,
 * plain or in JSON.
 */
class RedactionTest {

    final Redaction redaction = new Redaction(Arrays.asList("top\"secret\\master", "sk-provider-key-42",
            null, " "));

    @Test
    void virtualKeysWholeOrCutShortAreRedacted() {
        assertThat(redaction.apply("use sk-llmr-abcDEF012_-xyz0123456789012345678901234 now, or sk-llmr-ab"))
                .isEqualTo("use [redacted] now, or [redacted]");
    }

    @Test
    void theMasterKeyIsRedactedAsTextAndAsItReadsInJson() {
        assertThat(redaction.apply("key top\"secret\\master!")).isEqualTo("key [redacted]!");
        assertThat(redaction.apply("{\"content\":\"key top\\\"secret\\\\master!\"}"))
                .isEqualTo("{\"content\":\"key [redacted]!\"}");
    }

    @Test
    void providerKeysAreRedacted() {
        assertThat(redaction.apply("Authorization: Bearer sk-provider-key-42"))
                .isEqualTo("Authorization: Bearer [redacted]");
    }

    @Test
    void textWithoutKeysIsLeftAsItIs() {
        assertThat(redaction.apply("sk-other-123 and llmr")).isEqualTo("sk-other-123 and llmr");
        assertThat(new Redaction(List.of()).apply("no secrets set")).isEqualTo("no secrets set");
        assertThat(redaction.apply(null)).isNull();
    }
}
