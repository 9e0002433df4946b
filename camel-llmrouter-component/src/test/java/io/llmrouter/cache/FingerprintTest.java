package io.llmrouter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ChatMessage;
import io.llmrouter.api.ChatRequest;
import io.llmrouter.api.Json;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static ChatRequest question(String responsesBody) throws Exception {
        ChatRequest r = new ChatRequest();
        r.model = "m";
        r.messages = List.of(ChatMessage.of("user", "Capital of France?"));
        r.responsesBody = responsesBody == null ? null : (ObjectNode) Json.MAPPER.readTree(responsesBody);
        return r;
    }

    @Test
    void whatDoesNotChangeTheAnswerDoesNotChangeTheKey() throws Exception {
        ChatRequest plain = question(null);
        ChatRequest streamed = question(null);
        streamed.stream = true;
        streamed.user = "alice";

        assertThat(Fingerprint.of(streamed, "m").exact()).isEqualTo(Fingerprint.of(plain, "m").exact());
    }

    @Test
    void aNativeResponsesFieldThatChangesTheAnswerChangesTheKey() throws Exception {
        String low = Fingerprint.of(question("{\"model\":\"m\",\"input\":\"Capital of France?\","
                + "\"reasoning\":{\"effort\":\"low\"},\"stream\":true}"), "m").exact();
        String high = Fingerprint.of(question("{\"model\":\"m\",\"input\":\"Capital of France?\","
                + "\"reasoning\":{\"effort\":\"high\"}}"), "m").exact();
        String lowAgain = Fingerprint.of(question("{\"model\":\"other\",\"input\":\"Capital of France?\","
                + "\"reasoning\":{\"effort\":\"low\"},\"previous_response_id\":\"resp_1\"}"), "m").exact();

        assertThat(high).isNotEqualTo(low);
        assertThat(lowAgain).as("the input, model, stream and previous id are in the messages and target")
                .isEqualTo(low);
    }
}
