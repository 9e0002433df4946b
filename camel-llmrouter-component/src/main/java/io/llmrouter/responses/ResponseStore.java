package io.llmrouter.responses;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;

/**
 * Where responses made with {@code store: true} are kept for a while (the TTL), for {@code previous_response_id} and
 * {@code GET}/{@code DELETE /v1/responses/{id}}: in memory ({@link InMemoryResponseStore}) or in the cluster's state.
 * Asynchronous, so a remote store holds no event loop; callers resume on their own loop.
 */
public interface ResponseStore {

    /** How long a response is kept unless configured otherwise. */
    Duration DEFAULT_TTL = Duration.ofHours(24);

    CompletableFuture<Void> put(String id, StoredResponse response);

    /** @return the response, or null when unknown or expired */
    CompletableFuture<StoredResponse> get(String id);

    /** @return whether there was one to delete */
    CompletableFuture<Boolean> delete(String id);

    /** OpenAI's 404 for a response that is unknown, expired, deleted or another key's (they are not told apart). */
    static LlmException notFound(String id, String param) {
        return LlmException.of(ErrorKind.INVALID_REQUEST, 404, "Response with id '" + id + "' not found.", param,
                param == null ? "not_found" : "previous_response_not_found", null, null);
    }

    /** Whose responses a caller sees: its virtual key's id, or everyone's when keys are off. */
    static String owner(String keyId) {
        return keyId == null ? StoredResponse.ANONYMOUS : keyId;
    }
}
