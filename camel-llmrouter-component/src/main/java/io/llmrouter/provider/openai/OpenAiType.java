package io.llmrouter.provider.openai;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import io.llmrouter.catalog.CatalogEntry;
import io.llmrouter.catalog.ProviderSettings;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.ProviderSpi;
import io.llmrouter.provider.UpstreamHttp;

/**
 * OpenAI and every OpenAI-compatible server (Mistral, Groq, Together, DeepSeek, vLLM, Ollama, ...). {@code
 * responses_api: native} marks an upstream that serves the Responses API itself; the default is native for OpenAI's
 * own host and {@code translated} for everyone else, since most compatible servers lack it or serve a subset.
 */
public final class OpenAiType implements ProviderSpi {

    static final String RESPONSES_API = "responses_api";
    private static final String OPENAI_HOST = "api.openai.com";

    @Override
    public String wireName() {
        return "openai";
    }

    @Override
    public Set<String> fields() {
        return Set.of(RESPONSES_API);
    }

    @Override
    public ProviderSettings settings(CatalogEntry provider, Function<String, String> env) {
        String mode = provider.text(RESPONSES_API, null);
        if (mode == null) {
            String baseUrl = provider.text("base_url", null);
            String fromEnv = provider.text("base_url_env", null);
            return new OpenAiSettings(OPENAI_HOST.equals(host(baseUrl != null ? baseUrl
                    : fromEnv == null ? null : env.apply(fromEnv))));
        }
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "native" -> new OpenAiSettings(true);
            case "translated" -> new OpenAiSettings(false);
            default -> throw provider.error(RESPONSES_API + " must be native or translated, was '" + mode + "'");
        };
    }

    @Override
    public ProviderAdapter adapter(UpstreamHttp http) {
        return new OpenAiAdapter(http);
    }

    private static String host(String url) {
        try {
            return url == null ? null : URI.create(url.trim()).getHost();
        } catch (IllegalArgumentException e) {
            return null; // the loader reports the bad URL itself
        }
    }
}
