package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.fixtures.ArchiveBags;
import io.recordflow.app.fixtures.JarRun;
import io.recordflow.app.fixtures.RecordsTable;
import io.recordflow.app.fixtures.RunTopics;
import io.recordflow.ingest.corpus.VolumeCorpus;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar recordflow.jar run --jdbc-url ... <corpus>} as a separate process over a generated mixed corpus of
 * more than 2,000 records (e-mails with attachments, nested zips, Office, PDF, scans, audio, duplicates), its books
 * checked from what the other side saw: the topics in the run's data folder, the rows in PostgreSQL, the bags on disk.
 */
@TestMethodOrder(OrderAnnotation.class)
class RunCorpusIT {

    private static final long SEED = 12L;
    private static final int MIN_RECORDS = 2_000;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

    @TempDir
    static Path work;

    private static final RecordsTable TABLE = RecordsTable.freshSchema("run_corpus_");

    private static Path corpus;
    private static Path dataDir;
    private static VolumeCorpus.Plan plan;
    private static JarRun first;
    private static RunTopics topics;

    @BeforeAll
    static void runOverTheCorpusOnce() throws Exception {
        corpus = work.resolve("corpus");
        dataDir = work.resolve("recordflow-data");
        plan = VolumeCorpus.mixed(corpus, SEED, MIN_RECORDS);
        first = run("first");
        topics = RunTopics.read(dataDir);
    }

    @AfterAll
    static void dropSchema() throws Exception {
        TABLE.drop();
    }

    private static JarRun run(String name) throws Exception {
        return JarRun.start(work, name, "run", "--provider", "local", "--data-dir", dataDir.toString(),
            "--jdbc-url", RecordsTable.JDBC_URL, "--jdbc-schema", TABLE.schema(), corpus.toString()).finish(RUN_TIMEOUT);
    }

    @Test
    @Order(1)
    void shouldBalanceTheBooksOnAMixedCorpusOfTwoThousandRecords() throws Exception {
        assertThat(first.exitCode()).as(first.describe()).isZero();

        Map<String, AgencyRecord> ingested = byId(topics.ingested(), AgencyRecord::getRecordId);
        assertThat(topics.ingested()).as("each record ingested once").hasSize(ingested.size());
        assertThat(ingested).as("every file and every attachment or member, duplicates skipped")
            .hasSize(plan.records());

        Set<String> enriched = ids(topics.enriched(), EnrichedRecord::getRecordId);
        assertThat(topics.enriched()).as("each record enriched once").hasSize(enriched.size());
        Set<String> deadLettered = ids(topics.deadLetters(), DeadLetter::getRecordId);
        assertThat(topics.deadLetters()).allSatisfy(d -> assertThat(d.getErrorMessage()).as(d.toString()).isNotBlank());
        Set<String> accounted = new HashSet<>(enriched);
        accounted.addAll(deadLettered);
        assertThat(accounted).as("every ingested record enriched or dead-lettered, nothing else")
            .containsExactlyInAnyOrderElementsOf(ingested.keySet());
        assertThat(topics.sinkDeadLetters()).as("Connect sink dead letters").allSatisfy((t, n) -> assertThat(n).isZero());

        List<RecordsTable.Row> rows = TABLE.rows();
        assertThat(rows).extracting(RecordsTable.Row::recordId).as("one row per enriched record")
            .containsExactlyInAnyOrderElementsOf(enriched);
        assertThat(rows).as("children keep the link to the record they came in")
            .allSatisfy(r -> assertThat(r.parentRecordId()).isEqualTo(ingested.get(r.recordId()).getParentRecordId()));
        assertThat(rows.stream().filter(r -> r.parentRecordId() != null)).as("children rows")
            .hasSize((int) ingested.values().stream().filter(r -> r.getParentRecordId() != null)
                .filter(r -> enriched.contains(r.getRecordId())).count());

        ArchiveBags bags = ArchiveBags.in(dataDir.resolve("archive"));
        assertThat(bags.recordIds()).as("each enriched record in exactly one bag, once")
            .containsExactlyInAnyOrderElementsOf(enriched);
        assertThat(bags.recordFolders()).isEqualTo(enriched.size());
        assertThat(bags.manifestPaths().stream().filter(p -> p.endsWith("/enrichment.json")))
            .as("one enrichment.json manifest line per record").hasSize(enriched.size());
        bags.verifyEach();

        assertThat(first.stdout())
            .contains("files:        " + plan.distinctFiles() + " ingested, " + plan.duplicates()
                + " duplicates skipped, 0 failed")
            .contains("this run:     " + ingested.size() + " records ingested, " + enriched.size() + " enriched, "
                + deadLettered.size() + " dead-lettered")
            .contains("all runs:     " + ingested.size() + " ingested, " + enriched.size() + " enriched")
            .contains("bags:         " + bags.bags().size() + " finished BagIt bag(s)");
    }

    @Test
    @Order(2)
    void shouldAddNothingAndCallNoModelOnASecondRunOverTheSameFolder() throws Exception {
        ArchiveBags bagsBefore = ArchiveBags.in(dataDir.resolve("archive"));
        int rowsBefore = TABLE.rows().size();

        JarRun second = run("second");
        RunTopics after = RunTopics.read(dataDir);

        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.stdout())
            .contains("files:        0 ingested, " + plan.files() + " duplicates skipped, 0 failed")
            .contains("this run:     0 records ingested, 0 enriched, 0 dead-lettered")
            .doesNotContain("model call(s)");
        assertThat(after.ingested()).as("ingested topic").hasSameSizeAs(topics.ingested());
        assertThat(after.enriched()).as("enriched topic: no model answered anything").hasSameSizeAs(topics.enriched());
        assertThat(after.deadLetters()).hasSameSizeAs(topics.deadLetters());
        assertThat(TABLE.rows()).hasSize(rowsBefore);
        assertThat(ArchiveBags.in(dataDir.resolve("archive")).bags()).containsExactlyElementsOf(bagsBefore.bags());
    }

    private static <T> Map<String, T> byId(List<T> values, Function<T, String> id) {
        return values.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a));
    }

    private static <T> Set<String> ids(List<T> values, Function<T, String> id) {
        return values.stream().map(id).filter(Objects::nonNull).collect(Collectors.toSet());
    }
}
