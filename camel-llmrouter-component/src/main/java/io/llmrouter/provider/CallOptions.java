package io.llmrouter.provider;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmrouter.api.CancelToken;

/**
 * Limits for one upstream attempt.
 *
 * @param timeout           no response headers (or, for a plain answer, no complete body) within this time fails
 * @param firstTokenTimeout a stream whose first chunk takes longer fails
 * @param stallTimeout      a stream silent for longer than this between events fails
 * @param cancel            cancelled when the caller goes away or the request's deadline passes
 * @param connected         set once the request has an upstream connection: a failure before that (the attempt's
 *                          time ran out while it waited in the gateway's own pool) is the gateway's, not the provider's
 * @param headers           sent with the upstream request besides the adapter's own, which win on a clash: the attempt's
 *                          trace context ({@code traceparent}); empty for most
 */
public record CallOptions(Duration timeout, Duration firstTokenTimeout, Duration stallTimeout, CancelToken cancel,
                          AtomicBoolean connected, Map<String, String> headers) {

    public CallOptions(Duration timeout, Duration firstTokenTimeout, Duration stallTimeout, CancelToken cancel) {
        this(timeout, firstTokenTimeout, stallTimeout, cancel, Map.of());
    }

    public CallOptions(Duration timeout, Duration firstTokenTimeout, Duration stallTimeout, CancelToken cancel,
                       Map<String, String> headers) {
        this(timeout, firstTokenTimeout, stallTimeout, cancel, new AtomicBoolean(), headers);
    }
}
