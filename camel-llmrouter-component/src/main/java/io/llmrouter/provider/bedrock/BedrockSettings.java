package io.llmrouter.provider.bedrock;

import java.util.function.Function;

import io.llmrouter.catalog.CatalogEntry;
import io.llmrouter.catalog.ProviderSettings;

/**
 * A Bedrock provider's region and the AWS keys its requests are signed with.
 *
 * @param aws         null when a key variable is unset: the provider is then disabled
 * @param unavailable which key variable is unset, null when both are set
 */
public record BedrockSettings(String region, AwsCredentials aws, String unavailable) implements ProviderSettings {

    static BedrockSettings read(CatalogEntry e, Function<String, String> env) {
        String region = e.requiredText("region");
        if (e.has("api_key_env")) {
            throw e.error("api_key_env is not used by type bedrock: name aws_access_key_env and aws_secret_key_env "
                    + "instead");
        }
        String accessEnv = e.requiredText("aws_access_key_env");
        String secretEnv = e.requiredText("aws_secret_key_env");
        String tokenEnv = e.text("aws_session_token_env", null);
        String access = env.apply(accessEnv);
        String secret = env.apply(secretEnv);
        if (blank(access) || blank(secret)) {
            return new BedrockSettings(region, null, (blank(access) ? accessEnv : secretEnv) + " is not set");
        }
        // an unset session token variable means long-term keys, not a disabled provider
        String token = tokenEnv == null || blank(env.apply(tokenEnv)) ? null : env.apply(tokenEnv).trim();
        return new BedrockSettings(region, new AwsCredentials(accessEnv, access.trim(), secret.trim(), token), null);
    }

    @Override
    public String defaultBaseUrl() {
        return "https://bedrock-runtime." + region + ".amazonaws.com";
    }

    @Override
    public String toString() {
        return "region " + region + (aws != null ? ", keys from " + aws.accessKeyEnv() : "");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
