package io.llmrouter.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The dashboard's windows keep recent data in fixed memory, whatever names and how much traffic arrive. */
class DashboardWindowsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void percentilesAreNearestRankOverTheRecentSamplesOnly() {
        Reservoir r = new Reservoir(100);
        for (int i = 1; i <= 100; i++) {
            r.add(i, 0);
        }
        Reservoir.Percentiles p = r.percentiles(10 * SECOND, 60 * SECOND);
        assertThat(p.p50()).isEqualTo(50);
        assertThat(p.p95()).isEqualTo(95);
        assertThat(p.samples()).isEqualTo(100);

        // a full ring: the oldest samples give way to the newest
        for (int i = 0; i < 100; i++) {
            r.add(1000, 20 * SECOND);
        }
        assertThat(r.percentiles(20 * SECOND, 60 * SECOND).p50()).isEqualTo(1000);
        assertThat(r.percentiles(200 * SECOND, 60 * SECOND)).as("all older than the window").isNull();
    }

    @Test
    void requestRatesCountWholeSecondsAndForgetOldOnes() {
        SecondCounts c = new SecondCounts(11);
        for (int i = 0; i < 30; i++) {
            c.add(100);
        }
        c.add(101);
        assertThat(c.perSecond(102, 10)).isEqualTo(3.1);
        assertThat(c.last(102, 3)).containsExactly(0, 30, 1);
        assertThat(c.perSecond(200, 10)).isZero();
    }

    @Test
    void errorKindsPastTheLimitCountAsOtherAndOldMinutesDropOut() {
        KindCounts k = new KindCounts(5);
        for (int i = 0; i < 10_000; i++) {
            k.add("KIND_" + i, 7);
        }
        Map<String, Integer> recent = k.recent(7);
        assertThat(recent).hasSize(KindCounts.MAX_KINDS + 1);
        assertThat(recent.get("OTHER")).isEqualTo(10_000 - KindCounts.MAX_KINDS);
        assertThat(k.recent(12)).isEmpty();
    }

    @Test
    void spendKeepsAnHourPerMinuteAndABoundedSetOfLabels() {
        SpendSeries s = new SpendSeries();
        for (int i = 0; i < 10_000; i++) {
            s.add(1000, "model-" + i, "key-" + i, null, 0.5);
        }
        Map<String, Object> snap = s.snapshot(1000);
        @SuppressWarnings("unchecked")
        Map<String, double[]> models = (Map<String, double[]>) snap.get("model");
        assertThat(models).hasSizeLessThanOrEqualTo(SpendSeries.MAX_LABELS + 1).containsKey(SpendSeries.OTHER);
        assertThat(models.get("model-0")[SpendSeries.MINUTES - 1]).isEqualTo(0.5);
        @SuppressWarnings("unchecked")
        Map<String, double[]> teams = (Map<String, double[]>) snap.get("team");
        assertThat(teams.get(SpendSeries.NONE)[SpendSeries.MINUTES - 1]).isEqualTo(5000);

        // an hour later the old spend is gone, and idle labels make room for new ones
        s.add(1060, "fresh", "k", "t", 1);
        @SuppressWarnings("unchecked")
        Map<String, double[]> later = (Map<String, double[]>) s.snapshot(1060).get("model");
        assertThat(later).containsKey("fresh");
        assertThat(later.get("fresh")[SpendSeries.MINUTES - 1]).isEqualTo(1);
        assertThat(later.values()).allSatisfy(v -> assertThat(v.length).isEqualTo(SpendSeries.MINUTES));
        assertThat(later.entrySet().stream().filter(e -> !e.getKey().equals("fresh"))
                .flatMapToDouble(e -> java.util.Arrays.stream(e.getValue())).sum()).isZero();
    }
}
