package io.recordflow.enrich.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.records.Disposition;
import io.recordflow.records.Retention;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RetentionCalculatorTest {
    private final Taxonomy taxonomy = TaxonomyLoader.loadDefault();

    @Test
    void shouldCountBudgetRetentionFromCloseOfFederalFiscalYear() {
        Retention november = RetentionCalculator.retention(
                taxonomy.find("GRS-1.3-010").orElseThrow(), Instant.parse("2024-11-15T10:00:00Z"));
        Retention march = RetentionCalculator.retention(
                taxonomy.find("GRS-1.3-010").orElseThrow(), Instant.parse("2024-03-01T10:00:00Z"));

        assertThat(november.getDispositionDate()).isEqualTo(LocalDate.of(2031, 9, 30));
        assertThat(march.getDispositionDate()).isEqualTo(LocalDate.of(2030, 9, 30));
        assertThat(november.getScheduleItem()).isEqualTo("GRS 1.3, item 010");
        assertThat(november.getRetentionPeriod()).isEqualTo("P6Y");
    }

    @Test
    void shouldCountCalendarYearCutoffAndMarkEventBasedEstimates() {
        Retention email = RetentionCalculator.retention(
                taxonomy.find("GRS-6.1-011").orElseThrow(), Instant.parse("2023-05-02T00:00:00Z"));
        Retention contract = RetentionCalculator.retention(
                taxonomy.find("GRS-1.1-010").orElseThrow(), Instant.parse("2023-05-02T00:00:00Z"));

        assertThat(email.getDispositionDate()).isEqualTo(LocalDate.of(2030, 12, 31));
        assertThat(contract.getDispositionDate()).isEqualTo(LocalDate.of(2029, 5, 2));
        assertThat(contract.getCutoffRule()).contains("estimated from the record date");
    }

    @Test
    void shouldLeaveDispositionDateEmptyWhenDestroyedWhenBusinessUseCeases() {
        Retention office = RetentionCalculator.retention(
                taxonomy.find("GRS-5.1-010").orElseThrow(), Instant.parse("2023-05-02T00:00:00Z"));

        assertThat(office.getDispositionDate()).isNull();
        assertThat(office.getRetentionPeriod()).isNull();
        assertThat(office.getDisposition()).isEqualTo(Disposition.TEMPORARY);
    }
}
