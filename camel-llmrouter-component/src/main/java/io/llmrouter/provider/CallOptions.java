package io.llmrouter.provider;

import java.time.Duration;

import io.llmrouter.api.CancelToken;

/**
 * Limits for one upstream attempt.
 *
 * @param timeout           no response headers (or, for a plain answer, no complete body) within this time fails
 * @param firstTokenTimeout a stream whose first chunk takes longer fails
 * @param stallTimeout      a stream silent for longer than this between events fails
 * @param cancel            cancelled when the caller goes away or the request's deadline passes
 */
public record CallOptions(Duration timeout, Duration firstTokenTimeout, Duration stallTimeout, CancelToken cancel) {
}
