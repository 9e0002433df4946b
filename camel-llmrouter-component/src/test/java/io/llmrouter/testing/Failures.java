package io.llmrouter.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.llmrouter.api.LlmException;

/** How an adapter's call or stream failed, checked the way every adapter test wants: once, and without the key. */
public final class Failures {

    private Failures() {
    }

    /** The failure the future ends with; its message must never hold the secret. */
    public static LlmException of(CompletableFuture<?> future, String secret) throws Exception {
        try {
            Object value = future.get(10, TimeUnit.SECONDS);
            return fail("expected a failure, got " + value);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LlmException.class);
            LlmException error = (LlmException) e.getCause();
            assertThat(error.getMessage()).doesNotContain(secret);
            return error;
        }
    }

    /** The error a stream ended with; it must end once, and its message never holds the secret. */
    public static LlmException ofStream(StreamRecorder r, String secret) throws Exception {
        try {
            r.end().get(10, TimeUnit.SECONDS);
            throw new AssertionError("the stream completed normally");
        } catch (ExecutionException e) {
            LlmException error = (LlmException) e.getCause();
            assertThat(error.getMessage()).doesNotContain(secret);
            assertThat(r.endings()).hasSize(1);
            return error;
        }
    }
}
