package io.llmrouter.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

/** The wait an upstream asks for is read the same for every provider type, from whichever header it sends. */
class RetryAfterTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2025-01-06T10:00:00Z"), ZoneOffset.UTC);

    private static long waitFor(String... namesAndValues) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.set(namesAndValues[i], namesAndValues[i + 1]);
        }
        return RetryAfter.millis(headers, NOW);
    }

    @Test
    void readsSecondsIncludingFractions() {
        assertThat(waitFor("Retry-After", "2")).isEqualTo(2000);
        assertThat(waitFor("retry-after", " 0.25 ")).isEqualTo(250);
    }

    @Test
    void prefersRetryAfterMsOverRetryAfter() {
        assertThat(waitFor("retry-after", "1", "retry-after-ms", "250")).isEqualTo(250);
    }

    @Test
    void fallsBackToRetryAfterWhenRetryAfterMsIsUnreadable() {
        assertThat(waitFor("retry-after", "3", "retry-after-ms", "soon")).isEqualTo(3000);
    }

    @Test
    void readsAnHttpDateAsTheTimeLeftUntilIt() {
        assertThat(waitFor("retry-after", "Mon, 06 Jan 2025 10:00:30 GMT")).isEqualTo(30_000);
        assertThat(waitFor("retry-after", "Mon, 06 Jan 2025 09:59:00 GMT")).as("already past").isZero();
    }

    @Test
    void readsTheResetOfAnExhaustedRateLimitWhenNoRetryAfterIsSent() {
        assertThat(waitFor("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "6m0s",
                "x-ratelimit-remaining-tokens", "1200", "x-ratelimit-reset-tokens", "20ms")).isEqualTo(360_000);
        assertThat(waitFor("x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "1.5s")).isEqualTo(1500);
    }

    @Test
    void ignoresTheResetOfALimitThatIsNotUsedUp() {
        assertThat(waitFor("x-ratelimit-remaining-requests", "3", "x-ratelimit-reset-requests", "6m0s")).isEqualTo(-1);
    }

    @Test
    void isMinusOneWhenNothingReadableIsSent() {
        assertThat(waitFor()).isEqualTo(-1);
        assertThat(waitFor("retry-after", "later")).isEqualTo(-1);
        assertThat(waitFor("retry-after", "-5")).isEqualTo(-1);
    }

    @Test
    void readsGoStyleDurations() {
        assertThat(RetryAfter.duration("1h2m3s")).isEqualTo(3_723_000);
        assertThat(RetryAfter.duration("35s")).isEqualTo(35_000);
        assertThat(RetryAfter.duration("20ms")).isEqualTo(20);
        assertThat(RetryAfter.duration("6m 0s")).isEqualTo(-1);
        assertThat(RetryAfter.duration("soon")).isEqualTo(-1);
    }
}
