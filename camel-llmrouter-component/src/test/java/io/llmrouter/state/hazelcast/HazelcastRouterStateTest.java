package io.llmrouter.state.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.RouterState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The clustered state keeps the {@link RouterStateContract} and makes two or three members in this JVM act as one. */
class HazelcastRouterStateTest extends ClusteredStateContract {

    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);
    private static ClusterSettings settings;
    private static HazelcastInstance memberA;
    private static HazelcastInstance memberB;

    private final List<HazelcastInstance> extraMembers = new ArrayList<>();
    private HazelcastRouterState onA;
    private HazelcastRouterState onB;

    @BeforeAll
    static void startTwoMembers() {
        settings = TestMembers.settings(3);
        memberA = member();
        memberB = member();
    }

    @AfterAll
    static void stopMembers() {
        Hazelcast.shutdownAll();
    }

    private static HazelcastInstance member() {
        return TestMembers.start(settings, 23);
    }

    @Override
    protected RouterState newState(LongSupplier nanoClock) {
        onA = stateOn(memberA);
        onB = stateOn(memberB);
        return onA;
    }

    @Override
    protected HazelcastInstance dataMember() {
        return memberA;
    }

    @AfterEach
    void terminateExtraMembers() {
        extraMembers.stream().filter(m -> m.getLifecycleService().isRunning())
                .forEach(m -> m.getLifecycleService().terminate());
    }

    @Test
    void aBreakerOpenedOnOneMemberIsOpenOnTheOtherWithinASecond() {
        onA.circuitChanged("shared-breaker", CircuitStatus.OPEN, now.get() + 30_000_000_000L, true);
        await().atMost(WITHIN_A_SECOND).untilAsserted(() -> {
            assertThat(onB.stats("shared-breaker").circuit()).isEqualTo(CircuitStatus.OPEN);
            assertThat(onB.stats("shared-breaker").unavailableReason(now.get())).startsWith("circuit open");
            assertThat(onB.stats("shared-breaker").circuitOpenedByProviderAnswers()).isTrue();
        });
        onA.circuitChanged("shared-breaker", CircuitStatus.CLOSED, now.get(), false);
        await().atMost(WITHIN_A_SECOND)
                .untilAsserted(() -> assertThat(onB.stats("shared-breaker").unavailableReason(now.get())).isNull());
    }

    @Test
    void aCooldownAndRejectedCredentialsOnOneMemberKeepTheDeploymentOutEverywhere() {
        onA.attemptStarted("cooled", 1);
        onA.attemptFailed("cooled", ErrorKind.RATE_LIMITED, 1, 20_000);
        onA.attemptStarted("bad-key", 1);
        onA.attemptFailed("bad-key", ErrorKind.AUTHENTICATION, 1, -1);
        await().atMost(WITHIN_A_SECOND).untilAsserted(() -> {
            assertThat(onB.stats("cooled").unavailableReason(now.get())).startsWith("cooling down after a 429");
            assertThat(onB.stats("bad-key").unavailableReason(now.get()))
                    .startsWith("the provider rejected the credentials");
        });
        advanceMillis(20_001);
        assertThat(onB.stats("cooled").unavailableReason(now.get())).isNull();
    }

    @Test
    void spendRecordedOnTwoMembersSumsExactly() {
        // no partitions on the move from an earlier test's member, so that each member's own shard stays its own
        await().atMost(Duration.ofSeconds(10)).until(() -> memberA.getPartitionService().isClusterSafe());
        List<CompletableFuture<Void>> recorded = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            recorded.add((i % 2 == 0 ? onA : onB).recordSpend("team-x", "m" + (i % 3), 0.125));
        }
        CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).join();
        assertThat(onA.spend("team-x")).isEqualTo(12.5);
        assertThat(onB.spend("team-x")).isEqualTo(12.5);
        assertThat(onB.spendByModel()).containsOnlyKeys("m0", "m1", "m2");
        assertThat(onB.spendByModel().values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(12.5);
        // each member wrote only to ledger shards in partitions it owns: the write ran where it was made
        IMap<String, Object> ledgerOnA = memberA.getMap(HazelcastRouterState.SPEND_MAP);
        IMap<String, Object> ledgerOnB = memberB.getMap(HazelcastRouterState.SPEND_MAP);
        assertThat(ledgerOnA.localKeySet()).hasSize(1);
        assertThat(ledgerOnB.localKeySet()).hasSize(1);
        assertThat(ledgerOnA.size()).isEqualTo(2);
    }

    @Test
    void withAsyncSpendDurabilityTheAnswerDoesNotWaitButTheSpendStillArrives() {
        HazelcastRouterState async = stateOn(memberB, ClusterSettings.SpendDurability.ASYNC);
        List<CompletableFuture<Void>> recorded = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            recorded.add(async.recordSpend("team-async", "m", 0.5));
        }
        assertThat(recorded).allSatisfy(f -> assertThat(f).isDone());
        await().atMost(Duration.ofSeconds(5)).until(() -> onA.spend("team-async") == 10.0);
    }

    @Test
    void anRpmLimitAdmitsExactlyThatManyAcrossMembers() throws Exception {
        int rpm = 30;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                HazelcastRouterState s = i % 2 == 0 ? onA : onB;
                results.add(pool.submit(() -> {
                    go.await();
                    return s.tryAttemptStart("cluster-limited", 1, rpm, 0).join();
                }));
            }
            go.countDown();
            int admitted = 0;
            for (Future<Boolean> f : results) {
                admitted += f.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(rpm);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLargeLimitIsAdmittedFromTheNodesShareWithoutAskingTheOwnerEachTime() throws Exception {
        int rpm = 3200;
        assertThat(onB.tryAttemptStart("large", 1, rpm, 0).join()).isTrue();
        assertThat(window("large").requestsLastMinute(wallNow())).as("counted by the owner: the share").isEqualTo(100);
        // a share of 3200 / 32 = 100 attempts came with that first answer: the owner is not asked again for them
        try (AutoCloseable held = TestMembers.holdRateWindow(memberA, "large")) {
            for (int i = 1; i < 100; i++) {
                CompletableFuture<Boolean> admitted = onB.tryAttemptStart("large", 1, rpm, 0);
                assertThat(admitted).as("attempt %d, with the window locked", i).isCompletedWithValue(true);
            }
            assertThat(onB.tryAttemptStart("large", 1, rpm, 0)).as("the share is used up").isNotDone();
        }
        // the next share was asked for when half of the first was gone: (3200 - 100) / 32 = 96 more
        await().atMost(WITHIN_A_SECOND).untilAsserted(() ->
                assertThat(window("large").requestsLastMinute(wallNow())).isEqualTo(100 + 96));
    }

    @Test
    void aTokensPerMinuteLimitIsSharedInTokens() throws Exception {
        int tpm = 32_000;
        assertThat(onB.tryAttemptStart("tokens", 100, 0, tpm).join()).isTrue();
        assertThat(window("tokens").tokensLastMinute(wallNow())).as("a share of 32000 / 32").isEqualTo(1000);
        CompletableFuture<Boolean> beyond;
        try (AutoCloseable held = TestMembers.holdRateWindow(memberA, "tokens")) {
            for (int i = 1; i < 10; i++) {
                assertThat(onB.tryAttemptStart("tokens", 100, 0, tpm)).as("attempt %d", i).isCompletedWithValue(true);
            }
            beyond = onB.tryAttemptStart("tokens", 100, 0, tpm);
            assertThat(beyond).as("the share's 1000 tokens are used up").isNotDone();
        }
        assertThat(beyond.get(5, TimeUnit.SECONDS)).isTrue();
        // one more share, (32000 - 1000) / 32 = 968 tokens, asked for when half of the first was used
        assertThat(window("tokens").tokensLastMinute(wallNow())).isEqualTo(1000 + 968);
    }

    @Test
    void aLargeLimitAdmitsExactlyThatManyOnceEveryNodeHasUsedItsShare() throws Exception {
        int rpm = 640;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int admitted = 0;
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                HazelcastRouterState s = i % 2 == 0 ? onA : onB;
                results.add(pool.submit(() -> {
                    go.await();
                    return s.tryAttemptStart("cluster-large", 1, rpm, 0).join();
                }));
            }
            go.countDown();
            for (Future<Boolean> f : results) {
                admitted += f.get() ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admitted).isLessThanOrEqualTo(rpm);
        // a node may still hold some of its share (asked ahead of need): its next attempts use it, never more
        for (HazelcastRouterState s : List.of(onA, onB)) {
            while (s.tryAttemptStart("cluster-large", 1, rpm, 0).join()) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(rpm);
        assertThat(onA.tryAttemptStart("cluster-large", 1, rpm, 0).join()).isFalse();
    }

    @Test
    void whatANodeDidNotUseIsGivenBackWhenItsMinuteEndsOrItCloses() {
        int rpm = 3200;
        for (int i = 0; i < 10; i++) {
            assertThat(onB.tryAttemptStart("returned", 1, rpm, 0).join()).isTrue();
        }
        assertThat(window("returned").requestsLastMinute(wallNow())).isEqualTo(100);
        advanceMillis(60_000 - wallNow() % 60_000);
        // the first attempt of the new minute brings a new share, (3200 - 100) / 32 = 96, and the 90 left of the old
        // one go back: the last minute counts what was used, 10
        assertThat(onB.tryAttemptStart("returned", 1, rpm, 0).join()).isTrue();
        await().atMost(WITHIN_A_SECOND).untilAsserted(() ->
                assertThat(window("returned").requestsLastMinute(wallNow())).isEqualTo(10 + 96));
        onB.close();
        // closing gives back the 95 left of the new share
        assertThat(window("returned").requestsLastMinute(wallNow())).isEqualTo(10 + 1);
    }

    private RateWindow window(String deployment) {
        IMap<String, RateWindow> windows = memberA.getMap(HazelcastRouterState.RATE_MAP);
        return windows.get(deployment);
    }

    private long wallNow() {
        return now.get() / 1_000_000L;
    }

    @Test
    void theViewOnOneMemberIncludesTheOtherMembersLoadAndLatency() {
        onA.attemptStarted("busy", 1);
        onB.attemptStarted("busy", 1);
        onB.attemptStarted("busy", 1);
        onB.attemptSucceeded("busy", 400_000_000L, -1, 10);
        await().atMost(WITHIN_A_SECOND).untilAsserted(() -> {
            assertThat(onA.stats("busy").inFlight()).isEqualTo(2);
            assertThat(onA.stats("busy").successes()).isEqualTo(1);
            assertThat(onA.stats("busy").ewmaLatencyMs()).isEqualTo(400);
        });
    }

    @Test
    void aMemberThatJoinsLateSeesTheCurrentBreakersAndSpend() {
        onA.circuitChanged("late-breaker", CircuitStatus.OPEN, now.get() + 30_000_000_000L, true);
        onA.recordSpend("team-late", "m", 2.5).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> onB.stats("late-breaker").circuit() == CircuitStatus.OPEN);
        HazelcastInstance late = member();
        extraMembers.add(late);
        HazelcastRouterState onLate = stateOn(late);
        await().atMost(WITHIN_A_SECOND).untilAsserted(() -> {
            assertThat(onLate.stats("late-breaker").unavailableReason(now.get())).startsWith("circuit open");
            assertThat(onLate.spend("team-late")).isEqualTo(2.5);
        });
    }

    @Test
    void aMemberKilledAfterRecordingSpendLosesNoneOfIt() {
        HazelcastInstance doomed = member();
        extraMembers.add(doomed);
        HazelcastRouterState onDoomed = stateOn(doomed);
        List<CompletableFuture<Void>> recorded = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            recorded.add(onDoomed.recordSpend("team-k" + (i % 8), "m", 0.5));
        }
        recorded.add(onA.recordSpend("team-k0", "m", 1.0));
        // killed the moment its writes are acknowledged: they must already be on a second member
        CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).join();
        doomed.getLifecycleService().terminate();
        await().atMost(Duration.ofSeconds(10)).until(() -> memberA.getCluster().getMembers().size() == 2);
        assertThat(onA.spend("team-k0")).isEqualTo(3.5);
        double total = 0;
        for (int i = 0; i < 8; i++) {
            total += onB.spend("team-k" + i);
        }
        assertThat(total).isEqualTo(21.0);
    }

    @Test
    void aBudgetHoldsAcrossMembersReservingAtOnce() throws Exception {
        String b = "budget:key:cross-member:" + java.util.UUID.randomUUID();
        List<java.util.concurrent.CompletableFuture<io.llmrouter.state.BudgetHold>> holds = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            holds.add((i % 2 == 0 ? onA : onB).reserve(b, 1, 30, 0));
        }
        long granted = holds.stream().filter(h -> h.join().granted()).count();

        assertThat(granted).isEqualTo(30);
        onB.settle(b, 1, 0.25, 0).join();
        assertThat(onA.budget(b).spentUsd()).isEqualTo(0.25);
        assertThat(onA.budget(b).heldUsd()).isEqualTo(29.25);
    }

    @Test
    void aBudgetOutlivesTheMemberThatOwnedIt() {
        HazelcastInstance extra = member();
        extraMembers.add(extra);
        HazelcastRouterState onExtra = stateOn(extra);
        String b = "budget:key:survivor:" + java.util.UUID.randomUUID();
        onExtra.reserve(b, 2, 10, 0).join();
        onExtra.settle(b, 2, 1.5, 0).join();

        extra.getLifecycleService().terminate();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onA.budget(b).spentUsd())
                .isEqualTo(1.5));
    }
}
