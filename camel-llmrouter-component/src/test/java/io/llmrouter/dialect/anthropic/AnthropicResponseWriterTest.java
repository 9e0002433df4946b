package io.llmrouter.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The bytes of Anthropic's answers are written here, and only here. */
class AnthropicResponseWriterTest {

    @Test
    void aTokenCountIsCountTokensAnswer() {
        assertThat(new String(AnthropicResponseWriter.countTokens(42), StandardCharsets.UTF_8))
                .isEqualTo("{\"input_tokens\":42}");
    }
}
