package io.llmrouter.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import io.llmrouter.testing.SigV4Reference;
import org.junit.jupiter.api.Test;

/**
 * Signing is checked against AWS itself: the reference implementation the fake Bedrock uses reproduces AWS's published
 * post-vanilla test vector, and the SDK signer agrees with that reference on the vector's inputs and on a Bedrock
 * request whose model id needs the path encoded twice.
 */
class SigV4SignerTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final AwsCredentials EXAMPLE = new AwsCredentials("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", SECRET, null);
    private static final Clock VECTOR_TIME = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);

    @Test
    void theReferenceReproducesAwsPostVanillaTestVector() {
        String signature = SigV4Reference.signature("POST", "/",
                ordered("host", "example.amazonaws.com", "x-amz-date", "20150830T123600Z"), new byte[0],
                "20150830T123600Z", "us-east-1", "service", SECRET);
        assertThat(signature).isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    @Test
    void theSignerAgreesWithTheReferenceOnTheVectorsInputs() {
        Map<String, String> headers = new SigV4Signer(VECTOR_TIME).sign(URI.create("https://example.amazonaws.com/"),
                new byte[0], EXAMPLE, "us-east-1", "service");
        assertThat(headers).containsEntry("X-Amz-Date", "20150830T123600Z").doesNotContainKey("Host");
        // the SDK also signs the payload hash header, which the vector predates
        String sha = headers.get("x-amz-content-sha256");
        assertThat(sha).isEqualTo(SigV4Reference.sha256Hex(new byte[0]));
        String expected = SigV4Reference.signature("POST", "/", ordered("host", "example.amazonaws.com",
                "x-amz-content-sha256", sha, "x-amz-date", "20150830T123600Z"), new byte[0], "20150830T123600Z",
                "us-east-1", "service", SECRET);
        assertThat(headers.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 "
                + "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + expected);
    }

    @Test
    void theSignerEncodesABedrockModelPathTwiceAndSignsTheBody() {
        byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}"
                .getBytes(StandardCharsets.UTF_8);
        String path = "/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse";
        Map<String, String> headers = new SigV4Signer(VECTOR_TIME).sign(
                URI.create("https://bedrock-runtime.us-east-1.amazonaws.com" + path), body, EXAMPLE, "us-east-1",
                SigV4Signer.SERVICE);
        String expected = SigV4Reference.signature("POST", path, ordered("host",
                "bedrock-runtime.us-east-1.amazonaws.com", "x-amz-content-sha256", SigV4Reference.sha256Hex(body),
                "x-amz-date", "20150830T123600Z"), body, "20150830T123600Z", "us-east-1", "bedrock", SECRET);
        assertThat(headers.get("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, ")
                .endsWith("Signature=" + expected);
    }

    @Test
    void theSignerAndTheReferenceNormalizeDotSegmentsAsAwsDocumentsForServicesOtherThanS3() {
        String path = "/model/a/../vendor.x-v1%3A0/./converse";
        Map<String, String> headers = new SigV4Signer(VECTOR_TIME).sign(URI.create("https://example.amazonaws.com"
                + path), new byte[0], EXAMPLE, "us-east-1", "service");
        Map<String, String> signed = ordered("host", "example.amazonaws.com", "x-amz-content-sha256",
                SigV4Reference.sha256Hex(new byte[0]), "x-amz-date", "20150830T123600Z");
        String expected = SigV4Reference.signature("POST", path, signed, new byte[0], "20150830T123600Z", "us-east-1",
                "service", SECRET);
        assertThat(expected).isEqualTo(SigV4Reference.signature("POST", "/model/vendor.x-v1%3A0/converse", signed,
                new byte[0], "20150830T123600Z", "us-east-1", "service", SECRET));
        assertThat(headers.get("Authorization")).endsWith("Signature=" + expected);
    }

    @Test
    void addsAndSignsTheSessionTokenOfTemporaryCredentials() {
        AwsCredentials temporary = new AwsCredentials("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", SECRET,
                "session-token-example");
        Map<String, String> headers = new SigV4Signer(VECTOR_TIME).sign(URI.create("https://example.amazonaws.com/"),
                new byte[0], temporary, "us-east-1", "service");
        assertThat(headers).containsEntry("X-Amz-Security-Token", "session-token-example");
        assertThat(headers.get("Authorization"))
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token");
    }

    private static Map<String, String> ordered(String... nameThenValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenValue.length; i += 2) {
            m.put(nameThenValue[i], nameThenValue[i + 1]);
        }
        return m;
    }
}
