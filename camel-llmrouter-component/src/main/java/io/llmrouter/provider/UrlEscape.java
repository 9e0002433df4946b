package io.llmrouter.provider;

import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Escaping for names that go into upstream URLs (model ids, deployment names, API versions): callers choose some of
 * them through wildcard entries, so each must stay one path segment or one query value, whatever it holds.
 */
public final class UrlEscape {

    private UrlEscape() {
    }

    /**
     * RFC 3986 escaping of one path segment or query value: every octet of the UTF-8 bytes but the unreserved
     * characters ({@code A-Z a-z 0-9 - . _ ~}) is percent-encoded, so {@code / ? # % :}, spaces and non-ASCII letters
     * are too. This is the AWS SDK's own encoder, so a Bedrock path is what the SDK would send, byte for byte. A name
     * made only of dots ({@code .} or {@code ..}) has its dots encoded as well: left as they are, a server or proxy
     * would read them as a step up the path.
     */
    public static String component(String name) {
        String encoded = SdkHttpUtils.urlEncode(name);
        return !encoded.isEmpty() && encoded.chars().allMatch(c -> c == '.') ? encoded.replace(".", "%2E") : encoded;
    }
}
