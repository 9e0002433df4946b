package io.llmrouter.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.llmrouter.api.ContentPart;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.api.MessageContent;

/**
 * A message's content parts as a native API's content blocks: text and images only, each in the API's own shape.
 * Empty text parts are left out, as those APIs reject them.
 */
public final class ContentBlocks {

    private ContentBlocks() {
    }

    /**
     * @param provider how the caller's error names the provider's models
     * @param text     a text part's block
     * @param image    an image part's block, from its URL
     */
    public static ArrayNode of(MessageContent content, String provider, Function<String, JsonNode> text,
                               Function<String, JsonNode> image) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        for (ContentPart p : kept(content, provider)) {
            blocks.add("text".equals(p.type) ? text.apply(p.text) : image.apply(p.imageUrl.url));
        }
        return blocks;
    }

    /** The parts that {@link #of} makes blocks of, in the same order (a block's part is at its index). */
    public static List<ContentPart> kept(MessageContent content, String provider) {
        List<ContentPart> kept = new ArrayList<>();
        if (content == null) {
            return kept;
        }
        for (ContentPart p : content.parts()) {
            if ("text".equals(p.type)) {
                if (p.text != null && !p.text.isEmpty()) {
                    kept.add(p);
                }
            } else if ("image_url".equals(p.type) && p.imageUrl != null && p.imageUrl.url != null) {
                kept.add(p);
            } else {
                throw LlmException.invalid("messages", "Content parts of type '" + p.type
                        + "' cannot be sent to " + provider + " models.");
            }
        }
        return kept;
    }
}
