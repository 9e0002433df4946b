package io.llmrouter.steering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Weighted rendezvous hashing keeps each subject on its arm, splits by the weights and moves only what it must. */
class StickyAssignmentTest {

    private static final int SUBJECTS = 10_000;

    record Arm(String name, double weight) {
    }

    private static int pick(String subject, List<Arm> arms) {
        return Rendezvous.pick(subject, arms, Arm::name, Arm::weight);
    }

    private static int[] split(List<Arm> arms) {
        int[] counts = new int[arms.size()];
        for (int i = 0; i < SUBJECTS; i++) {
            counts[pick("user-" + i, arms)]++;
        }
        return counts;
    }

    @Test
    void tenThousandSubjectsSplitWithinOnePercentOfTheWeights() {
        int[] ninetyTen = split(List.of(new Arm("model-a", 90), new Arm("model-b", 10)));
        assertThat(ninetyTen[0] / (double) SUBJECTS).isCloseTo(0.90, within(0.01));
        assertThat(ninetyTen[1] / (double) SUBJECTS).isCloseTo(0.10, within(0.01));

        int[] threeWays = split(List.of(new Arm("a", 5), new Arm("b", 3), new Arm("c", 2)));
        assertThat(threeWays[0] / (double) SUBJECTS).isCloseTo(0.5, within(0.01));
        assertThat(threeWays[1] / (double) SUBJECTS).isCloseTo(0.3, within(0.01));
        assertThat(threeWays[2] / (double) SUBJECTS).isCloseTo(0.2, within(0.01));
    }

    @Test
    void theSameSubjectAlwaysLandsOnTheSameArmWhateverTheOrderOfTheArms() {
        List<Arm> arms = List.of(new Arm("model-a", 90), new Arm("model-b", 10));
        List<Arm> reversed = List.of(arms.get(1), arms.get(0));
        for (int i = 0; i < 1_000; i++) {
            String subject = "session-" + i;
            String first = arms.get(pick(subject, arms)).name();
            for (int repeat = 0; repeat < 5; repeat++) {
                assertThat(arms.get(pick(subject, arms)).name()).isEqualTo(first);
            }
            assertThat(reversed.get(pick(subject, reversed)).name()).isEqualTo(first);
        }
    }

    @Test
    void movingAWeightMovesOnlyTheShareItMust() {
        List<Arm> before = List.of(new Arm("model-a", 90), new Arm("model-b", 10));
        List<Arm> after = List.of(new Arm("model-a", 80), new Arm("model-b", 20));
        int moved = 0;
        for (int i = 0; i < SUBJECTS; i++) {
            String s = "user-" + i;
            String was = before.get(pick(s, before)).name();
            String is = after.get(pick(s, after)).name();
            if (!was.equals(is)) {
                // growing b's share only ever takes subjects from a, never shuffles b's own
                assertThat(was).isEqualTo("model-a");
                moved++;
            }
        }
        assertThat(moved / (double) SUBJECTS).isCloseTo(0.10, within(0.01));
    }

    @Test
    void removingAnArmMovesOnlyItsOwnSubjects() {
        List<Arm> three = List.of(new Arm("a", 1), new Arm("b", 1), new Arm("c", 1));
        List<Arm> two = List.of(new Arm("a", 1), new Arm("b", 1));
        for (int i = 0; i < 2_000; i++) {
            String s = "user-" + i;
            String was = three.get(pick(s, three)).name();
            if (!was.equals("c")) {
                assertThat(two.get(pick(s, two)).name()).isEqualTo(was);
            }
        }
    }

    @Test
    void aSubjectComesFromTheFirstSourceTheRequestGivesAndShowsOnlyADigest() {
        Map<String, String> headers = Map.of("X-Session-Id", "sess-42");
        Subject bySession = Subject.find(Subject.DEFAULT_ORDER, headers, null, "vk_1");
        assertThat(bySession.kind()).isEqualTo("header:x-session-id");
        assertThat(Subject.find(Subject.DEFAULT_ORDER, headers, "alice", "vk_1").kind()).isEqualTo("user");
        assertThat(Subject.find(Subject.DEFAULT_ORDER, Map.of(), null, "vk_1").kind()).isEqualTo("key");
        assertThat(Subject.find(Subject.DEFAULT_ORDER, Map.of(), " ", null)).isNull();

        String shown = Subject.find(List.of("user"), Map.of(), "alice@example.com", null).assignment("model-b");
        assertThat(shown).startsWith("model-b; by=user; subject=").doesNotContain("alice");
    }
}
