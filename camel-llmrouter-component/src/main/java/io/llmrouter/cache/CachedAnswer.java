package io.llmrouter.cache;

import java.io.IOException;

import io.llmrouter.api.ChatResponse;
import io.llmrouter.api.Json;

/**
 * One kept answer, as stored (JSON bytes in a shared map, so any node can read it).
 *
 * @param key        namespace and exact fingerprint: what an exact lookup asks for
 * @param namespace  whose it is (a key, a team, or everyone's)
 * @param context    the fingerprint's context; null when the entry was stored without a prompt embedding
 * @param vector     the prompt's unit-length embedding, for semantic lookups; null for exact-only entries
 * @param deployment the catalog id of the deployment that answered
 * @param expiresAt  wall-clock milliseconds after which it is gone
 */
public record CachedAnswer(String key, String namespace, String context, float[] vector, String deployment,
                           ChatResponse response, long expiresAt) {

    public byte[] toBytes() {
        return Json.bytes(this);
    }

    public static CachedAnswer fromBytes(byte[] bytes) {
        try {
            return Json.MAPPER.readValue(bytes, CachedAnswer.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable cache entry", e);
        }
    }

    /** The semantic index's bucket: prompts are compared only within one namespace and context. */
    public String bucket() {
        return bucket(namespace, context);
    }

    static String bucket(String namespace, String context) {
        return namespace + '\n' + context;
    }
}
