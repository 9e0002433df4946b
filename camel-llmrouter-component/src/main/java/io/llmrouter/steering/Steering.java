package io.llmrouter.steering;

import java.util.List;

/**
 * What steers one request besides its strategy: the subject a weighted split assigns, the prompt prefix it should
 * follow to a warm cache, and the regions nearest to the caller first.
 *
 * @param subject     for sticky weighted splits; null when the request names none
 * @param affinityKey digest of the prompt's long shared prefix; null when affinity is off or the prefix is short
 * @param regionOrder regions nearest first; empty when neither the router nor the caller has a region
 */
public record Steering(Subject subject, String affinityKey, List<String> regionOrder) {

    public static final Steering NONE = new Steering(null, null, List.of());
}
