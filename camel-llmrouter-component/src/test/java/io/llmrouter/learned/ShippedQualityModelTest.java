package io.llmrouter.learned;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;

import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.catalog.LearnedSettings;
import org.junit.jupiter.api.Test;

/** The quality model the default catalog ships was trained on the training split only, and the catalog maps to it. */
class ShippedQualityModelTest {

    private static QualityModel shipped() throws Exception {
        try (InputStream in = ShippedQualityModelTest.class.getClassLoader()
                .getResourceAsStream("llmrouter/quality-model.bin")) {
            return QualityModel.read(in);
        }
    }

    @Test
    void noTestSplitItemIsInItsTrainingSet() throws Exception {
        QualityModel model = shipped();
        assertThat(model.size()).isGreaterThan(12_000);
        assertThat(model.trainingIds()).allSatisfy(id -> {
            assertThat(id).matches("(mmlu|gsm8k)/.+");
            assertThat(SplitRule.isTest(id)).as(id).isFalse();
        });
        assertThat(model.trainingIds()).doesNotHaveDuplicates();
    }

    @Test
    void theDefaultCatalogPointsAtItAndMapsOnlyItsModels() throws Exception {
        Catalog catalog = new CatalogLoader(name -> null).load("classpath:" + CatalogLoader.DEFAULT_RESOURCE);
        LearnedSettings learned = catalog.learned();
        assertThat(learned.modelFile()).isEqualTo("classpath:llmrouter/quality-model.bin");
        QualityModel model = shipped();
        assertThat(model.models()).containsAll(learned.profiles().values());
        assertThat(catalog.models()).extracting(m -> m.id()).containsAll(learned.profiles().keySet());
        assertThat(model.embedder()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(model.dimensions()).isEqualTo(MiniLmEmbedder.DIMENSIONS);
    }
}
