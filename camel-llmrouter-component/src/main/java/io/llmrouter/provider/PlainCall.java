package io.llmrouter.provider;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.time.Clock;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A call answered with one body, whatever the wire protocol: the whole answer must arrive within the attempt's
 * timeout (else it fails as a timeout and the upstream request is cancelled), an error answer is read by the type's
 * {@link ErrorClassifier}, a transport failure by {@link UpstreamHttp#classify}. {@link StreamAttempt} is its
 * streamed counterpart.
 */
public final class PlainCall {

    private PlainCall() {
    }

    /**
     * Posts the body and reads a 200 answer with {@code read} (given the response headers and the body), whose
     * {@link LlmException} fails the call as it is.
     */
    public static <T> CompletableFuture<T> send(UpstreamHttp http, Deployment d, String url,
                                                Map<String, String> headers, Buffer body, CallOptions options,
                                                ErrorClassifier errors, BiFunction<MultiMap, byte[], T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Clock.Timer timer = http.clock().schedule(options.timeout().toMillis(), () -> {
            if (result.completeExceptionally(LlmException.of(ErrorKind.TIMEOUT,
                    "Upstream for '" + d.id() + "' gave no answer within " + options.timeout().toMillis() + " ms"))) {
                options.cancel().cancel();
            }
        });
        http.post(url, headers, body, d.provider().connectTimeout(), options, "application/json",
                        resp -> resp.body().map(b -> {
                            if (resp.statusCode() != 200) {
                                throw errors.answer(d, resp, b.getBytes(), http.clock().asJavaClock());
                            }
                            return read.apply(resp.headers(), b.getBytes());
                        }))
                .onComplete(ar -> {
                    timer.cancel();
                    if (ar.succeeded()) {
                        result.complete(ar.result());
                    } else {
                        result.completeExceptionally(UpstreamHttp.classify(ar.cause(), url));
                    }
                });
        return result;
    }
}
