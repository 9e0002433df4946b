package io.llmrouter.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A name becomes exactly one RFC 3986 path segment (or query value), whatever characters it holds. */
class UrlEscapeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gemini-2.0-flash_v1~x           | gemini-2.0-flash_v1~x",
            "anthropic.claude-3-5-sonnet-20240620-v1:0 | anthropic.claude-3-5-sonnet-20240620-v1%3A0",
            "meta-llama/Llama-3.3-70B        | meta-llama%2FLlama-3.3-70B",
            "x?alt=1&key=y#                  | x%3Falt%3D1%26key%3Dy%23",
            "100%                            | 100%25",
            "'a b+c'                         | a%20b%2Bc",
            "*                               | %2A",
            "modèle-模型                      | mod%C3%A8le-%E6%A8%A1%E5%9E%8B",
            "../../evil                      | ..%2F..%2Fevil",
            "..                              | %2E%2E",
            ".                               | %2E",
            "...x                            | ...x" })
    void escapesEverythingButUnreservedCharactersAndDotOnlyNames(String name, String escaped) {
        assertThat(UrlEscape.component(name)).isEqualTo(escaped);
    }

    @ParameterizedTest
    @CsvSource({ "'x\ty'", "'x\r\ny'", "'\u0000'" })
    void escapesControlCharacters(String name) {
        assertThat(UrlEscape.component(name)).matches("[A-Za-z0-9%]+");
    }
}
