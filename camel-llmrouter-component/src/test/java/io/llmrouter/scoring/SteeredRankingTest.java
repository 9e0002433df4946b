package io.llmrouter.scoring;

import static io.llmrouter.scoring.ScoringFixtures.ids;
import static io.llmrouter.scoring.ScoringFixtures.profile;
import static io.llmrouter.scoring.ScoringFixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Model;
import io.llmrouter.catalog.Provider;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.steering.Steering;
import io.llmrouter.steering.Subject;
import org.junit.jupiter.api.Test;

/** Sticky weighted arms, regions nearest first and prompt-cache affinity, as the ranker applies them. */
class SteeredRankingTest {

    private final ScoringFixtures f = new ScoringFixtures();
    private final Ranker ranker = new Ranker(f.state);
    private final Strategies strategies = new Strategies(new java.util.Random(1), new LearnedStrategy((io.llmrouter.catalog.LearnedSettings) null), n -> null);

    /** A deployment of the shared upstream model {@code gpt} on a provider in the given region. */
    private static Deployment gpt(String id, String region, double weight) {
        Provider p = provider("p-" + id, region);
        return new Deployment(new Model(id, List.of(), p.id(), "gpt", 1.0, 2.0, null, 128_000, 0,
                EnumSet.of(Capability.CHAT, Capability.STREAMING), List.of(), 0, 0, null, Map.of(), weight, null, null,
                null), p);
    }

    private Ranking rank(String strategy, List<Deployment> candidates, Steering steering) {
        return ranker.rank(profile("Hello").steer(steering), candidates, strategies.find(strategy));
    }

    @Test
    void aSubjectKeepsItsWeightedArmAndTheDecisionShowsItsDigest() {
        List<Deployment> arms = List.of(gpt("stable", "us", 90), gpt("canary", "us", 10));
        Steering alice = new Steering(new Subject("user", "alice"), null, List.of());
        String arm = rank("weighted", arms, alice).ranked().get(0).id();
        for (int i = 0; i < 20; i++) {
            Ranking r = rank("weighted", arms, alice);
            assertThat(r.ranked().get(0).id()).isEqualTo(arm);
            assertThat(r.assignment()).startsWith(arm + "; by=user; subject=").doesNotContain("alice");
        }
        assertThat(rank("weighted", arms, Steering.NONE).assignment()).isNull();
    }

    @Test
    void theNearestRegionGoesFirstThenTheDeclaredFailoverOrder() {
        List<Deployment> all = List.of(gpt("us-1", "us-east", 1), gpt("ap-1", "ap-south", 1), gpt("eu-1", "eu-west", 1),
                gpt("eu-2", "eu-central", 1));
        Steering fromEu = new Steering(null, null, List.of("eu-west", "eu-central", "us-east"));
        assertThat(ids(rank("ordered", all, fromEu).candidates())).containsExactly("eu-1", "eu-2", "us-1", "ap-1");
    }

    @Test
    void aRegionWithNoHealthyCandidateFailsOverToTheNextRegion() {
        List<Deployment> all = List.of(gpt("us-1", "us-east", 1), gpt("eu-1", "eu-west", 1), gpt("eu-2", "eu-central", 1));
        f.state.circuitChanged("eu-1", CircuitStatus.OPEN, f.now.get() + 60_000_000_000L, true);
        Steering fromEu = new Steering(null, null, List.of("eu-west", "eu-central", "us-east"));
        assertThat(ids(rank("ordered", all, fromEu).candidates())).containsExactly("eu-2", "us-1");
    }

    @Test
    void residencyFiltersStillApplyBeforeGeoPreference() {
        List<Deployment> all = List.of(gpt("us-1", "us-east", 1), gpt("eu-1", "eu-west", 1));
        Steering fromUs = new Steering(null, null, List.of("us-east", "eu-west"));
        RequestProfile onlyEu = RequestProfile.of(ScoringFixtures.ask("Hi"),
                ScoringFixtures.prefs(Map.of("x-llmrouter-regions", "eu-west"))).steer(fromUs);
        assertThat(ranker.rank(onlyEu, all, strategies.find("ordered")).ranked()).extracting(Deployment::id)
                .containsExactly("eu-1");
    }

    @Test
    void aSharedPrefixSticksToOneDeploymentAndMovesOnlyWhileItIsDown() {
        List<Deployment> pool = List.of(gpt("gpt-1", "us", 1), gpt("gpt-2", "us", 1), gpt("gpt-3", "us", 1));
        Steering prefix = new Steering(null, "prefix-digest-1", List.of());
        String home = rank("round-robin", pool, prefix).ranked().get(0).id();
        for (int i = 0; i < 10; i++) {
            assertThat(rank("round-robin", pool, prefix).ranked().get(0).id()).isEqualTo(home);
        }
        f.state.attemptStarted(home, 10);
        f.state.attemptFailed(home, ErrorKind.RATE_LIMITED, 1_000_000, 30_000);
        String elsewhere = rank("round-robin", pool, prefix).ranked().get(0).id();
        assertThat(elsewhere).isNotEqualTo(home);
        assertThat(rank("round-robin", pool, prefix).ranked().get(0).id()).isEqualTo(elsewhere);
        f.advanceMillis(31_000);
        assertThat(rank("round-robin", pool, prefix).ranked().get(0).id()).isEqualTo(home);
    }

    @Test
    void affinityNeverOverridesTheStrategysChoiceOfModel() {
        Deployment cheap = ScoringFixtures.model("cheap", 0.1, 0.1, null);
        List<Deployment> pool = List.of(gpt("gpt-1", "us", 1), gpt("gpt-2", "us", 1), cheap);
        for (int i = 0; i < 20; i++) {
            Steering prefix = new Steering(null, "prefix-" + i, List.of());
            assertThat(rank("cost", pool, prefix).ranked().get(0).id()).isEqualTo("cheap");
        }
    }
}
