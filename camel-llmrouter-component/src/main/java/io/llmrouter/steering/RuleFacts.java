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
 * @param lastUserMessage the text of the last user message, or empty
 */
public record RuleFacts(Map<String, String> headers, List<String> keyTags, List<String> team, boolean tools,
                        boolean images, boolean jsonMode, int promptTokens, String lastUserMessage) {
}
