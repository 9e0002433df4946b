package io.llmrouter.provider.bedrock;

import java.util.Set;
import java.util.function.Function;

import io.llmrouter.catalog.CatalogEntry;
import io.llmrouter.catalog.ProviderSettings;
import io.llmrouter.provider.ProviderAdapter;
import io.llmrouter.provider.ProviderSpi;
import io.llmrouter.provider.UpstreamHttp;

/** AWS Bedrock's Converse API ({@code POST /model/{id}/converse}), SigV4-signed. */
public final class BedrockType implements ProviderSpi {

    @Override
    public String wireName() {
        return "bedrock";
    }

    @Override
    public Set<String> fields() {
        return Set.of("region", "aws_access_key_env", "aws_secret_key_env", "aws_session_token_env");
    }

    @Override
    public ProviderSettings settings(CatalogEntry provider, Function<String, String> env) {
        return BedrockSettings.read(provider, env);
    }

    @Override
    public ProviderAdapter adapter(UpstreamHttp http) {
        return new BedrockAdapter(http);
    }
}
