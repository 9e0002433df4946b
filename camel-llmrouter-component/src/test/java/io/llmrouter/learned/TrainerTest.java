package io.llmrouter.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Training keeps the test split out, the neighbours and the ridge head each predict what they learnt, and a written
 * model reads back predicting like the one trained.
 */
class TrainerTest {

    private static final List<Example> FIXTURE = List.of(
            example("fixture/1", "integrate the polynomial over the interval", 1, 0),
            example("fixture/2", "integrate the rational function by parts", 1, 0),
            example("fixture/3", "say hello to my friend politely", 1, 1),
            example("fixture/4", "say good morning to my friend", 1, 1),
            example("gsm8k/0", "integrate this hello friend", 0, 1),
            example("mt-bench/81", "say hello and integrate", 0, 1));

    private static Example example(String id, String prompt, double strong, double weak) {
        return new Example(id, null, null, prompt, Map.of("strong", strong, "weak", weak));
    }

    private static QualityModel train() {
        return train(Trainer.DEFAULT_HEAD_WEIGHT);
    }

    private static QualityModel train(double headWeight) {
        return new Trainer(new WordsEmbedder(), "words", 2, 1, headWeight).train(FIXTURE);
    }

    @Test
    void leavesTheTestSplitOut() {
        QualityModel model = train();
        assertThat(model.trainingIds()).containsExactly("fixture/1", "fixture/2", "fixture/3", "fixture/4");
        assertThat(model.models()).containsExactlyInAnyOrder("strong", "weak");
    }

    @Test
    void predictsTheScoresOfTheNearestTrainingPrompts() {
        QualityModel model = train(0);
        WordsEmbedder e = new WordsEmbedder();
        double[] math = model.predict(e.embed("integrate the polynomial by parts"), "integrate the polynomial by parts");
        double[] chat = model.predict(e.embed("say hello to my friend"), "say hello to my friend");
        int strong = model.models().indexOf("strong");
        int weak = model.models().indexOf("weak");
        assertThat(math[strong]).isCloseTo(1, within(1e-9));
        assertThat(math[weak]).isCloseTo(0, within(1e-9));
        assertThat(chat[weak]).isCloseTo(1, within(1e-9));
    }

    @Test
    void theRidgeHeadLearnsWhatTheTextSays() {
        // the weak model fails exactly the prompts full of digits; the words are the same throughout
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean digits = i % 2 == 0;
            String prompt = digits ? "add these up " + (i * 7919) + " " + (i * 104729) : "add these up please";
            examples.add(example("fixture/" + i, prompt, 1, digits ? 0 : 1));
        }
        QualityModel model = new Trainer(new WordsEmbedder(), "words", 1, 1, 1).train(examples);
        WordsEmbedder e = new WordsEmbedder();
        int weak = model.models().indexOf("weak");
        String sums = "add these up 31337 271828";
        String plain = "add these up please";
        assertThat(model.predict(e.embed(sums), sums)[weak]).isLessThan(0.5);
        assertThat(model.predict(e.embed(plain), plain)[weak]).isGreaterThan(0.5);
    }

    @Test
    void aWrittenModelReadsBackTheSame() throws Exception {
        QualityModel model = train();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.write(out);
        QualityModel read = QualityModel.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(read.trainingIds()).isEqualTo(model.trainingIds());
        assertThat(read.models()).isEqualTo(model.models());
        float[] q = new WordsEmbedder().embed("integrate the interval");
        assertThat(read.predict(q, "integrate the interval"))
                .containsExactly(model.predict(q, "integrate the interval"), within(1e-9));
    }
}
