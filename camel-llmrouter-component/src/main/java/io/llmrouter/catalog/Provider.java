package io.llmrouter.catalog;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A provider endpoint. The API key is read from the environment at load time; {@link #toString()} never shows it.
 *
 * @param regions        where the provider processes data (e.g. us, eu), for data-residency filters; empty if unknown
 * @param disabledReason null when enabled, else why (for the startup log)
 * @param region         the cloud region requests are signed for (Bedrock's us-east-1, ...); null for other types
 * @param aws            SigV4 credentials (Bedrock); null for other types or when unset
 * @param apiVersion     the {@code api-version} Azure OpenAI calls name, null for other types
 */
public record Provider(String id, ProviderType type, String baseUrl, String apiKeyEnv, String apiKey,
                       Map<String, String> headers, Duration connectTimeout, Duration requestTimeout, SimProfile sim,
                       Set<String> regions, String disabledReason, String region, AwsCredentials aws,
                       String apiVersion) {

    /** A provider of a type that needs no region, AWS credentials or API version. */
    public Provider(String id, ProviderType type, String baseUrl, String apiKeyEnv, String apiKey,
                    Map<String, String> headers, Duration connectTimeout, Duration requestTimeout, SimProfile sim,
                    Set<String> regions, String disabledReason) {
        this(id, type, baseUrl, apiKeyEnv, apiKey, headers, connectTimeout, requestTimeout, sim, regions,
                disabledReason, null, null, null);
    }

    /** A Bedrock provider: signed for a region with AWS credentials. */
    public Provider(String id, ProviderType type, String baseUrl, String apiKeyEnv, String apiKey,
                    Map<String, String> headers, Duration connectTimeout, Duration requestTimeout, SimProfile sim,
                    Set<String> regions, String disabledReason, String region, AwsCredentials aws) {
        this(id, type, baseUrl, apiKeyEnv, apiKey, headers, connectTimeout, requestTimeout, sim, regions,
                disabledReason, region, aws, null);
    }

    /** An Azure OpenAI provider with its API version. */
    public Provider(String id, ProviderType type, String baseUrl, String apiKeyEnv, String apiKey,
                    Map<String, String> headers, Duration connectTimeout, Duration requestTimeout, SimProfile sim,
                    Set<String> regions, String disabledReason, String apiVersion) {
        this(id, type, baseUrl, apiKeyEnv, apiKey, headers, connectTimeout, requestTimeout, sim, regions,
                disabledReason, null, null, apiVersion);
    }

    public boolean enabled() {
        return disabledReason == null;
    }

    @Override
    public String toString() {
        return "Provider[" + id + ", " + type.wireName() + ", " + baseUrl + (apiKey != null ? ", key from " + apiKeyEnv : "")
                + (region != null ? ", region " + region : "") + (aws != null ? ", keys from " + aws.accessKeyEnv() : "")
                + (enabled() ? "" : ", disabled: " + disabledReason) + "]";
    }
}
