package io.llmrouter.provider.bedrock;

/**
 * AWS credentials read from the environment at load time, for providers that sign requests with SigV4 (Bedrock).
 * {@link #toString()} names the variables, never the values.
 *
 * @param accessKeyEnv the variable the access key id came from
 * @param sessionToken null for long-term keys; temporary (STS, SSO) credentials need it
 */
public record AwsCredentials(String accessKeyEnv, String accessKeyId, String secretAccessKey, String sessionToken) {

    @Override
    public String toString() {
        return "AwsCredentials[from " + accessKeyEnv + (sessionToken != null ? ", with session token" : "") + "]";
    }
}
