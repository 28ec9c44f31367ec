package io.recordflow.app.cli;

import static io.recordflow.app.fixtures.Enrichments.enriched;
import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.fixtures.Cli;
import io.recordflow.app.fixtures.Seeder;
import io.recordflow.app.fixtures.TextRecords;
import io.recordflow.app.fixtures.TopicContents;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code recordflow replay} against the in-process broker and registry, with the offline local model. */
class ReplayCommandIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");
    private static final Map<String, String> TEXTS = new LinkedHashMap<>();
    private static final String SIDE = "records.enriched.replay-test";

    static {
        TEXTS.put("rp-1", "Invoice 4471 for the purchase of office furniture; payment due within 30 days.");
        TEXTS.put("rp-2", "Personnel action: promotion of an analyst to GS-13 effective next pay period.");
        TEXTS.put("rp-3", "Incident report: phishing e-mail reported by staff; credentials were reset.");
        TEXTS.put("rp-4", "Budget request for fiscal year 2027 with justification of the requested funds.");
        TEXTS.put("rp-5", "Minutes of the weekly staff meeting about the office move.");
    }

    private static TopicContents topics;

    @BeforeAll
    static void seed() {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
        topics = new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url());
        try (Seeder seeder = new Seeder(KAFKA.bootstrapServers(), REGISTRY.serdeConfig())) {
            TEXTS.forEach((id, text) -> seeder.send(Topics.INGESTED, id, TextRecords.of(id, text)));
            // The earlier production run: one model enrichment per record.
            TEXTS.keySet()
                    .forEach(id -> seeder.send(
                            Topics.ENRICHED, id, enriched(id, "GRS-5.1-010", 0.4, T, false, "ollama", "llama3.1:8b")));
        }
        // A reviewer decides rp-1 with the real command before any replay.
        Cli decided = run(
                "review",
                "decide",
                "rp-1",
                "--category",
                "GRS-1.1-010",
                "--reviewer",
                "alice",
                "--taxonomy",
                "default");
        assertThat(decided.exitCode()).as(decided.toString()).isZero();
    }

    private static Cli run(String... args) {
        Cli result = Cli.onCluster(KAFKA.bootstrapServers(), REGISTRY.url(), args);
        // In the failsafe report output: what an operator sees, for the README.
        System.out.println("$ recordflow " + String.join(" ", args) + "\n" + result);
        return result;
    }

    private static Map<String, Integer> productionCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Topics.all().forEach(t -> counts.put(t.name(), topics.raw(t.name()).size()));
        return counts;
    }

    private static Map<String, EnrichedRecord> latest(List<EnrichedRecord> records) {
        Map<String, EnrichedRecord> latest = new LinkedHashMap<>();
        records.forEach(r -> latest.put(r.getRecordId(), r));
        return latest;
    }

    private static List<String> groups() throws Exception {
        try (Admin admin = Admin.create(KAFKA.adminProperties())) {
            return admin.listGroups().all().get().stream().map(g -> g.groupId()).toList();
        }
    }

    @Test
    void shouldPrintRangeAndFirstRecordsOnDryRunAndProcessNothing() throws Exception {
        Map<String, Integer> before = productionCounts();
        List<String> groupsBefore = groups();

        Cli result = run("replay", "--from", "earliest", "--dry-run", "--preview", "3");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("Replay range of records.ingested.v1:")
                .containsPattern("(?m)^0\\s+0\\s+\\d+\\s+\\d+")
                .containsPattern("(?m)^1\\s+0\\s+\\d+\\s+\\d+")
                .contains("5 record(s) to re-enrich with provider local", "in place to records.enriched.v1")
                .contains("First 3 record(s):", "RECORD ID", "FILE NAME")
                .containsPattern("rp-\\d\\s+rp-\\d\\.txt")
                .contains("Dry run: nothing was processed.");
        assertThat(result.out().lines().filter(l -> l.matches("\\d+\\s+\\d+\\s+rp-\\d\\s+rp-\\d\\.txt")))
                .hasSize(3);
        assertThat(productionCounts()).isEqualTo(before);
        assertThat(groups()).containsExactlyInAnyOrderElementsOf(groupsBefore);
    }

    @Test
    void shouldStartEachPartitionAtTheGivenOffset() {
        Cli result = run("replay", "--from", "1", "--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        long partitionsWithRecords = topics.raw(Topics.INGESTED.name()).stream()
                .map(r -> r.partition())
                .distinct()
                .count();
        assertThat(result.out())
                .containsPattern("(?m)^0\\s+1\\s+")
                .containsPattern("(?m)^1\\s+1\\s+")
                .contains((5 - partitionsWithRecords) + " record(s) to re-enrich");
    }

    @Test
    void shouldResolveTimestampStartAndUntilAndRejectMalformedOptions() {
        Instant now = Instant.now();

        Cli all = run(
                "replay",
                "--from",
                "2000-01-01T00:00:00Z",
                "--until",
                now.plusSeconds(3_600).toString(),
                "--dry-run");
        Cli none = run("replay", "--from", now.plusSeconds(3_600).toString(), "--dry-run");
        Cli badStart = run("replay", "--from", "yesterday", "--dry-run");
        Cli badSetting = run("replay", "--from", "earliest", "--set", "enrich.modle=llama3.2:3b", "--dry-run");

        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("5 record(s) to re-enrich");
        assertThat(none.exitCode()).as(none.toString()).isZero();
        assertThat(none.out()).contains("0 record(s) to re-enrich");
        assertThat(badStart.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badStart.err()).contains("--from", "ISO-8601");
        assertThat(badSetting.exitCode()).isEqualTo(ExitCode.CONFIG);
        assertThat(badSetting.err()).contains("enrich.modle", "enrich settings only");
    }

    @Test
    void shouldReplayIntoSideTopicWithoutTouchingProductionTopicsThenDiff() {
        Map<String, Integer> before = productionCounts();

        Cli result = run(
                "replay",
                "--from",
                "earliest",
                "--to-topic",
                SIDE,
                "--provider",
                "local",
                "--prompt-version",
                "replay-test-v2",
                "--application-id",
                "recordflow-replay-side-it");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("Created topic " + SIDE + " with 2 partition(s)", "Created topic " + SIDE + ".audit")
                .contains("Replay application id: recordflow-replay-side-it")
                .containsPattern("Replayed 5 record\\(s\\) in [0-9.]+ s: 5 enriched to " + SIDE.replace(".", "\\."))
                // The offline model sends no request to a model server.
                .contains("; 0 model call(s)")
                .contains("Compare: recordflow diff --left records.enriched.v1 --right " + SIDE);
        Topic<String, EnrichedRecord> side = new Topic<>(SIDE, Serdes::String, EnrichedRecord.class);
        List<EnrichedRecord> replayed = topics.values(side);
        assertThat(replayed)
                .extracting(EnrichedRecord::getRecordId)
                .containsExactlyInAnyOrderElementsOf(TEXTS.keySet());
        assertThat(replayed).allSatisfy(r -> {
            assertThat(r.getProvenance().getProvider()).isEqualTo("local");
            assertThat(r.getProvenance().getPromptVersion()).isEqualTo("replay-test-v2");
            assertThat(r.getProvenance().getModelCalls()).isZero();
        });
        assertThat(topics.raw(SIDE + ".audit")).isNotEmpty();
        assertThat(productionCounts()).isEqualTo(before);

        Cli diff = run("diff", "--left", Topics.ENRICHED.name(), "--right", SIDE, "--all");

        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        assertThat(diff.out())
                .contains("5 record(s) compared, 0 only in records.enriched.v1, 0 only in " + SIDE)
                .containsPattern("(?m)^rp-1\\s+GRS-1\\.1-010\\s+");
    }

    @Test
    void shouldReEnrichInPlaceAndKeepTheHumanDecision() {
        int enrichedBefore = topics.raw(Topics.ENRICHED.name()).size();

        Cli result = run("replay", "--from", "earliest", "--provider", "local");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsPattern("Replay application id: recordflow-replay-\\d{8}T\\d{6}Z")
                .containsPattern("Replayed 5 record\\(s\\) in [0-9.]+ s: 5 enriched to records\\.enriched\\.v1");
        List<EnrichedRecord> all = topics.values(Topics.ENRICHED);
        assertThat(all).hasSize(enrichedBefore + 5);
        // Every key lives on one partition, so the last value read per key is its latest enrichment.
        Map<String, EnrichedRecord> latest = latest(all);
        assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(TEXTS.keySet());
        EnrichedRecord decided = latest.get("rp-1");
        assertThat(decided.getClassification().getCode()).isEqualTo("GRS-1.1-010");
        assertThat(decided.getProvenance().getProvider()).isEqualTo("human");
        assertThat(decided.getProvenance().getDecidedBy()).isEqualTo("alice");
        assertThat(decided.getProvenance().getParameters())
                .containsEntry("humanDecisionKept", "true")
                .containsEntry("modelProvider", "local");
        assertThat(decided.getClassification().getAlternatives()).isNotEmpty();
        assertThat(latest.values())
                .filteredOn(r -> !r.getRecordId().equals("rp-1"))
                .allSatisfy(r -> assertThat(r.getProvenance().getProvider()).isEqualTo("local"));
        assertThat(topics.values(Topics.AUDIT)).extracting(AuditEvent::getStep).contains("HUMAN_DECISION_KEPT");
    }
}
