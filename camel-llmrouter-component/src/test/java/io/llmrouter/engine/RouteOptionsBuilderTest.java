package io.llmrouter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.llmrouter.api.CancelToken;
import io.llmrouter.api.LlmException;
import io.llmrouter.scoring.Preferences;
import io.llmrouter.scoring.Weights;
import org.junit.jupiter.api.Test;

/** Callers outside the engine make route options from plain values, and add each request's preferences to them. */
class RouteOptionsBuilderTest {

    @Test
    void leftAloneItBuildsTheDefaults() {
        RouteOptions built = RouteOptions.builder().build();
        RouteOptions defaults = RouteOptions.defaults();

        assertThat(built.withCancel(defaults.cancel())).isEqualTo(defaults);
    }

    @Test
    void steeringSettingsAreCheckedAndTheCallersRegionIsNoRankingPreference() {
        assertThatThrownBy(() -> RouteOptions.builder().stickyBy(List.of("user", "cookie")).build())
                .hasMessageContaining("unknown subject source 'cookie'");
        assertThatThrownBy(() -> RouteOptions.builder().cacheAffinityMinChars(-1).build())
                .hasMessageContaining("cacheAffinityMinChars must be 0 (off) or more, was -1");

        RouteOptions o = RouteOptions.builder().stickyBy(List.of("header:x-team")).region("us-east").build()
                .forCaller(Map.of("X-LLMRouter-Region", "eu-west", "X-Team", "blue"), null, new CancelToken());
        assertThat(o.preferences()).isEqualTo(Preferences.NONE);
        assertThat(o.steering().origin()).isEqualTo("eu-west");
        assertThat(o.steering().stickyBy()).containsExactly("header:x-team");
        assertThat(o.steering().headers()).containsEntry("x-team", "blue");
    }

    @Test
    void turnsMillisecondsAndTextIntoTheEnginesTypes() {
        RouteOptions o = RouteOptions.builder().model("m").candidates(List.of("a", "b")).strategy("balanced")
                .weights("cost=2,latency=1,quality=1").timeoutMillis(5_000).firstTokenTimeoutMillis(700)
                .stallTimeoutMillis(900).maxAttempts(3).retries(0).backoffMillis(10).backoffMaxMillis(80)
                .maxRetryAfterMillis(1_000).hedgeAfterMillis(250).refusalModels(List.of("clean")).build();

        assertThat(o.model()).isEqualTo("m");
        assertThat(o.candidates()).containsExactly("a", "b");
        assertThat(o.weights()).isEqualTo(new Weights(0.5, 0.25, 0.25));
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.firstTokenTimeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(o.stallTimeout()).isEqualTo(Duration.ofMillis(900));
        assertThat(o.retry().maxAttempts()).isEqualTo(3);
        assertThat(o.retry().retriesPerDeployment()).isZero();
        assertThat(o.retry().backoffBase()).isEqualTo(Duration.ofMillis(10));
        assertThat(o.retry().backoffMax()).isEqualTo(Duration.ofMillis(80));
        assertThat(o.retry().maxRetryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.retry().hedgeAfter()).isEqualTo(Duration.ofMillis(250));
        assertThat(o.retry().refusalModels()).containsExactly("clean");
        assertThat(o.preferences()).isEqualTo(Preferences.NONE);
    }

    @Test
    void noHedgeDelayMeansNoHedging() {
        assertThat(RouteOptions.builder().hedgeAfterMillis(0).build().retry().hedgeAfter()).isNull();
    }

    @Test
    void namesTheSettingThatCannotWorkAndItsValue() {
        assertThatThrownBy(() -> RouteOptions.builder().stallTimeoutMillis(-5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option stallTimeout must be a positive number of milliseconds, was -5");
        assertThatThrownBy(() -> RouteOptions.builder().maxRetryAfterMillis(0).build())
                .hasMessage("option maxRetryAfter must be a positive number of milliseconds, was 0");
        assertThatThrownBy(() -> RouteOptions.builder().strategy(" ").build())
                .hasMessage("option strategy must not be empty");
        assertThatThrownBy(() -> RouteOptions.builder().weights("speed=1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option weights: Unknown weight 'speed': use cost, latency and quality.");
        assertThatThrownBy(() -> RouteOptions.builder().retries(-1).build())
                .hasMessage("retriesPerDeployment must be >= 0, was -1");
    }

    @Test
    void readsTheCallersPreferencesFromItsHeadersAnyCaseAndIgnoresOtherHeaders() {
        CancelToken token = new CancelToken();
        RouteOptions o = RouteOptions.builder().build().forCaller(Map.of("X-LLMRouter-Strategy", "cost",
                "Content-Type", "application/json", "x-llmrouter-min-quality", 0.5), null, token);

        assertThat(o.effectiveStrategy()).isEqualTo("cost");
        assertThat(o.preferences().minQuality()).isEqualTo(0.5);
        assertThat(o.cancel()).isSameAs(token);
    }

    @Test
    void theBodysRouterObjectWinsOverTheHeaders() {
        RouteOptions o = RouteOptions.builder().build().forCaller(Map.of("x-llmrouter-strategy", "cost"),
                Map.of("strategy", "latency"), new CancelToken());

        assertThat(o.effectiveStrategy()).isEqualTo("latency");
    }

    @Test
    void aCallerWithoutPreferencesKeepsTheEndpointsSettings() {
        RouteOptions base = RouteOptions.builder().strategy("quality").weights("cost=1").build();
        RouteOptions o = base.forCaller(Map.of("Accept", "*/*"), null, new CancelToken());

        assertThat(o.preferences()).isSameAs(Preferences.NONE);
        assertThat(o.effectiveStrategy()).isEqualTo("quality");
        assertThat(o.effectivePreferences().weights()).isEqualTo(new Weights(1, 0, 0));
    }

    @Test
    void anUnknownPreferenceIsABadRequestNamingIt() {
        RouteOptions base = RouteOptions.builder().build();

        assertThatThrownBy(() -> base.forCaller(Map.of("x-llmrouter-cheapest", "yes"), null, new CancelToken()))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("x-llmrouter-cheapest");
    }
}
