package io.llmrouter.steering;

import java.util.List;
import java.util.Map;

/**
 * What a rule can match a request on.
 *
 * @param headers         the request's headers, names in lower case
 * @param keyTags         the caller's virtual key's tags; empty without keys
 * @param team            the caller's team id and name; empty without one
 * @param promptTokens    the prompt's approximate token count (four characters a token)
 * @param lastUserMessage  the text of the last user message, or empty
 * @param predictedQuality the learned router's predicted quality per catalog model id; empty when none was predicted
 */
public record RuleFacts(Map<String, String> headers, List<String> keyTags, List<String> team, boolean tools,
                        boolean images, boolean jsonMode, int promptTokens, String lastUserMessage,
                        Map<String, Double> predictedQuality) {

    /** Facts without a prediction. */
    public RuleFacts(Map<String, String> headers, List<String> keyTags, List<String> team, boolean tools,
                     boolean images, boolean jsonMode, int promptTokens, String lastUserMessage) {
        this(headers, keyTags, team, tools, images, jsonMode, promptTokens, lastUserMessage, Map.of());
    }
}
