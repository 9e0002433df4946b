package io.llmrouter.provider.gemini;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.EmbeddingRequest;
import io.llmrouter.api.EmbeddingResponse;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.Usage;
import io.llmrouter.catalog.Deployment;

/**
 * {@code batchEmbedContents}: one request per input text, answered by one vector per request, in order. Gemini reports
 * no token counts for embeddings, so the usage is estimated (about four characters a token) to keep spend accounting
 * from reading zero.
 */
final class EmbedContents {

    private EmbedContents() {
    }

    static List<String> inputs(EmbeddingRequest r) {
        List<String> texts = new ArrayList<>();
        if (r.input.isTextual()) {
            texts.add(r.input.asText());
            return texts;
        }
        for (JsonNode item : r.input) {
            if (!item.isTextual()) {
                throw LlmException.invalid("input", "Gemini embeds text only: 'input' must be a string or an array"
                        + " of strings, not token arrays.");
            }
            texts.add(item.asText());
        }
        return texts;
    }

    static ObjectNode body(String model, EmbeddingRequest r, List<String> texts) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (String text : texts) {
            ObjectNode req = requests.addObject().put("model", "models/" + model);
            req.putObject("content").putArray("parts").addObject().put("text", text);
            if (r.dimensions != null) {
                req.put("outputDimensionality", r.dimensions);
            }
        }
        return body;
    }

    static EmbeddingResponse read(Deployment d, byte[] body, EmbeddingRequest r, List<String> texts) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            root = null;
        }
        if (root == null || !root.path("embeddings").isArray() || root.get("embeddings").size() != texts.size()) {
            throw LlmException.of(ErrorKind.MALFORMED_RESPONSE, "Upstream for '" + d.id()
                    + "' sent a body that is not a batchEmbedContents answer for " + texts.size() + " inputs");
        }
        List<EmbeddingResponse.Embedding> data = new ArrayList<>();
        for (JsonNode e : root.get("embeddings")) {
            EmbeddingResponse.Embedding embedding = new EmbeddingResponse.Embedding();
            embedding.index = data.size();
            embedding.embedding = "base64".equals(r.encodingFormat) ? base64(e.path("values")) : e.path("values");
            data.add(embedding);
        }
        int tokens = 0;
        for (String text : texts) {
            tokens += Math.max(1, (text.length() + 3) / 4);
        }
        EmbeddingResponse response = new EmbeddingResponse();
        response.data = data;
        response.model = d.id();
        response.usage = Usage.of(tokens, 0);
        return response;
    }

    /** OpenAI's base64 form: the vector as little-endian float32s. */
    private static JsonNode base64(JsonNode values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        values.forEach(v -> bytes.putFloat(v.floatValue()));
        return Json.MAPPER.getNodeFactory().textNode(Base64.getEncoder().encodeToString(bytes.array()));
    }
}
