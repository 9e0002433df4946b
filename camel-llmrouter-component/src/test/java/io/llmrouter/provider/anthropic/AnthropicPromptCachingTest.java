package io.llmrouter.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.catalog.CatalogException;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Provider;
import io.llmrouter.provider.ProviderTypes;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A request that follows its prompt prefix to one deployment (it carries {@code prompt_cache_key}, as cache affinity
 * sets it) has that prefix marked for Anthropic's prompt cache: the end of the system prompt (or of the tools) and the
 * end of the conversation before its last turn. The fake upstream refuses more than four marks, as Anthropic does.
 */
class AnthropicPromptCachingTest extends AnthropicAdapterTestSupport {

    private static final String CONVERSATION = """
            {"prompt_cache_key":"llmrouter-0123456789abcdef","messages":[
              {"role":"system","content":"You are a careful assistant. Follow the style guide."},
              {"role":"user","content":"First question"},
              {"role":"assistant","content":"First answer"},
              {"role":"user","content":"Second question"}]}""";

    private static JsonNode sentFor(Deployment d, String json) throws Exception {
        answer(adapter.chat(d, request(json), options()));
        return sent();
    }

    private static List<JsonNode> marks(JsonNode body) {
        return body.findParents("cache_control");
    }

    @Test
    void marksTheSystemPromptAndTheConversationSoFar() throws Exception {
        JsonNode body = sentFor(model("a"), CONVERSATION);
        assertThat(body.path("system").get(0).path("text").asText()).startsWith("You are a careful assistant.");
        assertThat(body.path("system").get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        JsonNode messages = body.path("messages");
        assertThat(messages.get(1).path("content").get(0).path("cache_control").path("type").asText())
                .isEqualTo("ephemeral");
        assertThat(messages.get(2).path("content").get(0).has("cache_control")).isFalse();
        assertThat(marks(body)).hasSize(2);
        assertThat(body.has("prompt_cache_key")).isFalse();
    }

    @Test
    void withoutASystemPromptTheToolsAreMarked() throws Exception {
        JsonNode body = sentFor(model("a"), """
                {"prompt_cache_key":"k","messages":[{"role":"user","content":"Weather?"}],
                 "tools":[{"type":"function","function":{"name":"a","parameters":{"type":"object"}}},
                          {"type":"function","function":{"name":"b","parameters":{"type":"object"}}}]}""");
        assertThat(body.path("tools").get(1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(marks(body)).hasSize(1);
    }

    @Test
    void aRequestWithoutACacheKeyIsNotMarked() throws Exception {
        JsonNode body = sentFor(model("a"), CONVERSATION.replace("\"prompt_cache_key\":\"llmrouter-0123456789abcdef\",",
                ""));
        assertThat(body.path("system").isTextual()).isTrue();
        assertThat(marks(body)).isEmpty();
    }

    @Test
    void theCallersOwnMarksAreKeptAndNoneAdded() throws Exception {
        JsonNode body = sentFor(model("a"), """
                {"prompt_cache_key":"k","messages":[
                  {"role":"system","content":[{"type":"text","text":"Rules","cache_control":{"type":"ephemeral"}},
                                              {"type":"text","text":"More rules"}]},
                  {"role":"user","content":"First question"},
                  {"role":"assistant","content":"First answer"},
                  {"role":"user","content":[{"type":"text","text":"Long document","cache_control":{"type":"ephemeral"}},
                                            {"type":"text","text":"Second question"}]}]}""");
        assertThat(body.path("system")).hasSize(2);
        assertThat(body.path("system").get(0).has("cache_control")).isTrue();
        assertThat(body.path("system").get(1).has("cache_control")).isFalse();
        assertThat(body.path("messages").get(2).path("content").get(0).has("cache_control")).isTrue();
        assertThat(marks(body)).hasSize(2);
    }

    @Test
    void aProviderWithPromptCachingOffIsNotMarked() throws Exception {
        Provider off = new Provider("anth-off", ProviderTypes.ANTHROPIC, upstream.baseUrl(), "ANTHROPIC_API_KEY", KEY,
                java.util.Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(30), new AnthropicSettings(false),
                Set.of(), null);
        Deployment d = new Deployment(model("a").model(), off);
        assertThat(marks(sentFor(d, CONVERSATION))).isEmpty();
    }

    private static io.llmrouter.catalog.Catalog parse(String yaml) {
        return new CatalogLoader(name -> null).parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theCatalogSettingIsTrueOrFalse() {
        String catalog = """
                providers:
                  - { id: a, type: anthropic, base_url: http://localhost:1, prompt_caching: %s }
                models:
                  - { id: claude, provider: a }
                """;
        assertThat(parse(catalog.formatted("false")).provider("a")
                .orElseThrow().settings(AnthropicSettings.class).promptCaching()).isFalse();
        Assertions.assertThatThrownBy(() -> parse(catalog.formatted("maybe")))
                .isInstanceOf(CatalogException.class).hasMessageContaining("prompt_caching must be true or false, "
                        + "was 'maybe'");
    }
}
