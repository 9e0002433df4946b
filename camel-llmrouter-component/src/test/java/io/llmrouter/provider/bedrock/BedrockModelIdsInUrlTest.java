package io.llmrouter.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmrouter.testing.StreamRecorder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The model id is one escaped path segment under {@code /model/}, sent as the AWS SDK sends it (a real id's colon as
 * {@code %3A}, an ARN's slashes as {@code %2F}) and signed as sent: the fake recomputes the signature from the path it
 * received, encoding it once more as SigV4 wants for every service but S3, and refuses any mismatch with 403.
 */
class BedrockModelIdsInUrlTest extends BedrockAdapterTestSupport {

    private static final String HI = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "anthropic.claude-3-5-sonnet-20240620-v1:0 | anthropic.claude-3-5-sonnet-20240620-v1%3A0",
            "arn:aws:bedrock:eu-west-3:123456789012:inference-profile/eu.anthropic.claude-v1:0"
                    + " | arn%3Aaws%3Abedrock%3Aeu-west-3%3A123456789012%3Ainference-profile%2Feu.anthropic.claude-v1%3A0",
            "../../evil     | ..%2F..%2Fevil",
            "..             | %2E%2E",
            "x?y=1#z        | x%3Fy%3D1%23z",
            "'x y+z'        | x%20y%2Bz",
            "100%           | 100%25",
            "modèle-模型     | mod%C3%A8le-%E6%A8%A1%E5%9E%8B" })
    void aChatSendsTheIdAsOneEscapedSegmentSignedExactlyAsSent(String id, String segment) throws Exception {
        answer(adapter.chat(model(provider, "m", id), request(HI), options()));

        assertThat(upstream.rejections()).isEmpty();
        assertThat(last().path()).isEqualTo("/model/" + segment + "/converse");
        assertThat(last().model()).as("the id Bedrock reads from the path").isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "anthropic.claude-3-5-sonnet-20240620-v1:0 | anthropic.claude-3-5-sonnet-20240620-v1%3A0",
            "'../x y?#'     | ..%2Fx%20y%3F%23" })
    void aStreamSendsTheIdTheSameWay(String id, String segment) throws Exception {
        StreamRecorder r = stream(model(provider, "m", id), HI, options());
        completes(r);

        assertThat(last().path()).isEqualTo("/model/" + segment + "/converse-stream");
    }
}
