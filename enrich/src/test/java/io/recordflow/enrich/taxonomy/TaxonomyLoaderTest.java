package io.recordflow.enrich.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.records.Disposition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaxonomyLoaderTest {

    @Test
    void shouldShipDefaultScheduleCoveringTheNaraGrsChapters() {
        Taxonomy taxonomy = TaxonomyLoader.loadDefault();

        assertThat(taxonomy.schedule()).isEqualTo("NARA General Records Schedule");
        assertThat(taxonomy.codes())
                .contains(
                        "GRS-1.1-010",
                        "GRS-1.3-010",
                        "GRS-2.2-040",
                        "GRS-3.2-020",
                        "GRS-4.2-020",
                        "GRS-5.1-010",
                        "GRS-5.2-010",
                        "GRS-6.1-010");
        TaxonomyCategory financial = taxonomy.find("GRS-1.1-010").orElseThrow();
        assertThat(financial.scheduleItem()).isEqualTo("GRS 1.1, item 010");
        assertThat(financial.period()).contains(Period.ofYears(6));
        assertThat(financial.disposition()).isEqualTo(Disposition.TEMPORARY);
        assertThat(taxonomy.find("GRS-6.1-010").orElseThrow().disposition()).isEqualTo(Disposition.PERMANENT);
        assertThat(taxonomy.categories()).allSatisfy(c -> {
            assertThat(c.description()).isNotBlank();
            assertThat(c.examples()).isNotEmpty();
            assertThat(c.retentionRule()).isNotBlank();
        });
    }

    @Test
    void shouldLoadOverrideFileWhenPathGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agency.yaml");
        Files.writeString(file, """
                schedule: Agency schedule
                categories:
                  - code: AG-1
                    title: Grants
                    scheduleItem: N1-123-45-1
                    description: Grant files
                    examples: [Grant award]
                    disposition: permanent
                    retentionPeriod: P20Y
                    cutoff: FISCAL_YEAR
                    retentionRule: Transfer to NARA 20 years after cutoff.
                """);

        Taxonomy taxonomy = TaxonomyLoader.load(file.toString());

        assertThat(taxonomy.codes()).containsExactly("AG-1");
        assertThat(taxonomy.find("AG-1").orElseThrow().disposition()).isEqualTo(Disposition.PERMANENT);
        assertThat(TaxonomyLoader.load("  ").codes()).contains("GRS-1.1-010");
    }

    @Test
    void shouldNameFileAndFieldWhenCategoryIsInvalid() {
        String yaml = """
                schedule: S
                categories:
                  - code: X
                    title: T
                    scheduleItem: I
                    description: D
                    disposition: TEMPORARY
                    retentionPeriod: six years
                    cutoff: NONE
                    retentionRule: R
                """;

        assertThatThrownBy(() -> TaxonomyLoader.parse(yaml, "bad.yaml"))
                .isInstanceOf(TaxonomyException.class)
                .hasMessageContaining("bad.yaml categories[0].retentionPeriod 'six years'");
    }

    @Test
    void shouldRejectDuplicateCodesAndMissingFields() {
        String duplicate = """
                schedule: S
                categories:
                  - {code: X, title: T, scheduleItem: I, description: D, disposition: TEMPORARY, cutoff: NONE, retentionRule: R}
                  - {code: X, title: T, scheduleItem: I, description: D, disposition: TEMPORARY, cutoff: NONE, retentionRule: R}
                """;
        assertThatThrownBy(() -> TaxonomyLoader.parse(duplicate, "dup.yaml")).hasMessageContaining("repeats code X");
        assertThatThrownBy(() -> TaxonomyLoader.parse("schedule: S\ncategories: [{code: X}]", "m.yaml"))
                .hasMessageContaining("m.yaml categories[0] is missing required 'title'");
        assertThatThrownBy(() -> TaxonomyLoader.load(Path.of("/nonexistent/t.yaml")))
                .hasMessageContaining("/nonexistent/t.yaml");
    }
}
