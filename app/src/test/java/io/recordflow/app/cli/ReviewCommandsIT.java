package io.recordflow.app.cli;

import static io.recordflow.app.fixtures.Enrichments.enriched;
import static io.recordflow.app.fixtures.Enrichments.needingReview;
import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.fixtures.Cli;
import io.recordflow.app.fixtures.Seeder;
import io.recordflow.app.fixtures.TopicContents;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.ReviewReason;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReviewCommandsIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    @BeforeAll
    static void seedEnrichments() {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
        try (Seeder seeder = new Seeder(KAFKA.bootstrapServers(), REGISTRY.serdeConfig())) {
            // As the enrich topology writes them: every enrichment to records.enriched.v1, doubtful ones to review too.
            for (EnrichedRecord r : List.of(
                    needingReview("rec-contract", "GRS-1.1-010", 0.41, T),
                    needingReview("rec-memo", "GRS-5.1-020", 0.38, T.plusSeconds(5)),
                    needingReview("rec-photo", "GRS-5.1-020", 0.35, T.plusSeconds(7)),
                    needingReview("rec-scan", "GRS-5.1-020", 0.33, T.plusSeconds(8)),
                    needingReview("rec-decided-later", "GRS-5.1-020", 0.30, T.plusSeconds(10)))) {
                seeder.send(Topics.REVIEW, r.getRecordId(), r);
                seeder.send(Topics.ENRICHED, r.getRecordId(), r);
            }
            seeder.send(Topics.ENRICHED, "rec-budget", enriched("rec-budget", "GRS-1.3-010", 0.93, T));
            seeder.send(
                    Topics.ENRICHED,
                    "rec-decided-later",
                    enriched("rec-decided-later", "GRS-5.2-020", 1.0, T.plusSeconds(60), false, "human", "human"));
        }
    }

    private static Cli review(String... args) {
        return Cli.onCluster(KAFKA.bootstrapServers(), REGISTRY.url(), Cli.prepend("review", args));
    }

    private static TopicContents topics() {
        return new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url());
    }

    @Test
    void shouldRecordAHumanDecisionAsEnrichmentAuditItAndCloseTheReview() {
        Cli before = review("list");
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.out())
                .contains("rec-contract", "GRS-1.1-010", "0.41", "LOW_CONFIDENCE", "rec-memo")
                .doesNotContain("rec-decided-later", "rec-budget");

        Cli decide = review(
                "decide",
                "rec-contract",
                "--category",
                "GRS-1.3-010",
                "--reviewer",
                "jdoe",
                "--note",
                "budget justification, not a contract");

        assertThat(decide.exitCode()).as(decide.toString()).isZero();
        assertThat(decide.out()).contains("decided rec-contract: GRS-1.1-010", "-> GRS-1.3-010", "by jdoe");
        List<EnrichedRecord> decisions = topics().values(Topics.ENRICHED).stream()
                .filter(r -> r.getRecordId().equals("rec-contract")
                        && r.getProvenance().getProvider().equals("human"))
                .toList();
        assertThat(decisions).hasSize(1);
        EnrichedRecord decided = decisions.get(0);
        assertThat(decided.getClassification().getCode()).isEqualTo("GRS-1.3-010");
        assertThat(decided.getClassification().getLabel()).isEqualTo("Label of GRS-1.3-010");
        assertThat(decided.getClassification().getConfidence()).isEqualTo(1.0);
        assertThat(decided.getProvenance().getDecidedBy()).isEqualTo("jdoe");
        assertThat(decided.getNeedsReview()).isFalse();
        assertThat(decided.getReviewReasons()).containsExactly(ReviewReason.HUMAN_DECISION);
        assertThat(decided.getEnrichedAt()).isAfter(T);
        List<AuditEvent> audits = topics().values(Topics.AUDIT).stream()
                .filter(e ->
                        e.getRecordId().equals("rec-contract") && e.getStep().equals("REVIEW_DECISION"))
                .toList();
        assertThat(audits).hasSize(1);
        assertThat(audits.get(0).getActor()).isEqualTo("human:jdoe");
        assertThat(audits.get(0).getDetail())
                .containsEntry("previousCode", "GRS-1.1-010")
                .containsEntry("previousConfidence", "0.41")
                .containsEntry("code", "GRS-1.3-010");

        Cli after = review("list");
        assertThat(after.out()).contains("rec-memo").doesNotContain("rec-contract");
    }

    @Test
    void shouldAcceptAnUnseenCategoryWithAWarningAndRefuseItWhenKnownCategoriesAreRequired() {
        Cli strict = review(
                "decide", "rec-memo", "--category", "GRS-9.9-999", "--reviewer", "jdoe", "--require-known-category");

        assertThat(strict.exitCode()).isEqualTo(ExitCode.DATA_ERROR);
        assertThat(strict.err())
                .contains("GRS-9.9-999 is not in the categories models chose in the data", "GRS-1.1-010");

        Cli lenient = review("decide", "rec-photo", "--category", "GRS-9.9-999", "--reviewer", "jdoe");

        assertThat(lenient.exitCode()).as(lenient.toString()).isZero();
        assertThat(lenient.err()).contains("warning: category GRS-9.9-999 is not in", "accepted unchecked");
    }

    @Test
    void shouldCheckTheCategoryAgainstTheScheduleGivenWithTaxonomy() throws java.io.IOException {
        Cli unknown = review(
                "decide", "rec-scan", "--category", "GRS-1.3-999", "--reviewer", "jdoe", "--taxonomy", "default");

        assertThat(unknown.exitCode()).isEqualTo(ExitCode.DATA_ERROR);
        assertThat(unknown.err()).contains("GRS-1.3-999 is not in taxonomy default", "GRS-1.3-010");

        java.nio.file.Path missing =
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "no-such-schedule.yaml");
        Cli badFile = review(
                "decide",
                "rec-scan",
                "--category",
                "GRS-1.3-010",
                "--reviewer",
                "jdoe",
                "--taxonomy",
                missing.toString());

        assertThat(badFile.exitCode()).isEqualTo(ExitCode.CONFIG);
        assertThat(badFile.err()).contains("--taxonomy", "no-such-schedule.yaml");

        Cli known = review(
                "decide", "rec-scan", "--category", "GRS-5.2-010", "--reviewer", "jdoe", "--taxonomy", "default");

        assertThat(known.exitCode()).as(known.toString()).isZero();
        EnrichedRecord decided = topics().values(Topics.ENRICHED).stream()
                .filter(r -> r.getRecordId().equals("rec-scan")
                        && r.getProvenance().getProvider().equals("human"))
                .findFirst()
                .orElseThrow();
        assertThat(decided.getClassification().getLabel())
                .isNotEqualTo("GRS-5.2-010")
                .isNotBlank();
        assertThat(decided.getRetention().getScheduleItem()).contains("5.2");
    }

    @Test
    void shouldFailWithDataErrorForARecordNeverEnriched() {
        Cli result = review("decide", "rec-unknown", "--category", "GRS-1.1-010", "--reviewer", "jdoe");

        assertThat(result.exitCode()).isEqualTo(ExitCode.DATA_ERROR);
        assertThat(result.err()).contains("no enrichment of record rec-unknown");
    }
}
