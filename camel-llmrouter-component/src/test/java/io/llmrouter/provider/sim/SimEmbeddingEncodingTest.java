package io.llmrouter.provider.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The OpenAI SDKs ask for base64 embeddings by default, so the simulator must answer in the encoding asked for. */
class SimEmbeddingEncodingTest {

    @Test
    void base64VectorDecodesToTheSameLittleEndianFloatsAsTheJsonArray() {
        JsonNode floats = SimAdapter.vector("the quick brown fox", 16, false);
        JsonNode base64 = SimAdapter.vector("the quick brown fox", 16, true);

        assertThat(floats.isArray()).isTrue();
        assertThat(base64.isTextual()).isTrue();
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64.asText())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(16 * Float.BYTES);
        for (int i = 0; i < 16; i++) {
            assertThat(bytes.getFloat()).isEqualTo(floats.get(i).floatValue());
        }
    }
}
