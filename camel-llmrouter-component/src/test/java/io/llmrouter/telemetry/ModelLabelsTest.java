package io.llmrouter.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Model and provider labels are the catalog's names; anything a caller makes up is one label, "other". */
class ModelLabelsTest {

    private final ModelLabels labels = new ModelLabels(TelemetryCatalog.of());

    @Test
    void catalogIdsAndAliasesAreTheirOwnLabels() {
        assertThat(labels.model("a")).isEqualTo("a");
        assertThat(labels.model("ay")).isEqualTo("ay");
        assertThat(labels.requested("b")).isEqualTo("b");
        assertThat(labels.provider("p")).isEqualTo("p");
    }

    @Test
    void madeUpAndWildcardNamesCollapseToOther() {
        assertThat(labels.model("p/anything-at-all")).isEqualTo(ModelLabels.OTHER);
        assertThat(labels.requested("gpt-" + System.nanoTime())).isEqualTo(ModelLabels.OTHER);
        assertThat(labels.provider("nobody")).isEqualTo(ModelLabels.OTHER);
    }

    @Test
    void leavingTheChoiceToTheRouterIsAuto() {
        assertThat(labels.requested(null)).isEqualTo(ModelLabels.AUTO);
        assertThat(labels.requested("auto")).isEqualTo(ModelLabels.AUTO);
        assertThat(labels.requested("llmrouter/auto")).isEqualTo(ModelLabels.AUTO);
        assertThat(labels.model(null)).isEmpty();
    }
}
