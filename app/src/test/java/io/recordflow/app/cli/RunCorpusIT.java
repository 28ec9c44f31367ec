package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.fixtures.ArchiveBags;
import io.recordflow.app.fixtures.JarRun;
import io.recordflow.app.fixtures.RecordsTable;
import io.recordflow.app.fixtures.RunBooks;
import io.recordflow.app.fixtures.RunTopics;
import io.recordflow.ingest.corpus.VolumeCorpus;
import java.nio.file.Path;
import java.time.Duration;
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
    /** The topics as the first run left them, read once for both cases (a read restarts a broker on the data dir). */
    private static RunTopics afterFirst;

    @BeforeAll
    static void runOverTheCorpusOnce() throws Exception {
        corpus = work.resolve("corpus");
        dataDir = work.resolve("recordflow-data");
        plan = VolumeCorpus.mixed(corpus, SEED, MIN_RECORDS);
        first = run("first");
    }

    @AfterAll
    static void dropSchema() throws Exception {
        TABLE.drop();
    }

    private static JarRun run(String name) throws Exception {
        return JarRun.runLocally(work, name, dataDir, TABLE, corpus).finish(RUN_TIMEOUT);
    }

    private static synchronized RunTopics topicsAfterFirstRun() throws Exception {
        if (afterFirst == null) {
            afterFirst = RunTopics.read(dataDir);
        }
        return afterFirst;
    }

    @Test
    @Order(1)
    void shouldBalanceTheBooksOnAMixedCorpusOfTwoThousandRecords() throws Exception {
        assertThat(first.exitCode()).as(first.describe()).isZero();
        System.out.println(first.stdout().substring(first.stdout().indexOf("RecordFlow local run summary")));
        RunBooks books = RunBooks.balance(topicsAfterFirstRun(), dataDir, TABLE);

        assertThat(books.ingested())
                .as("every distinct file and every attachment or member")
                .isEqualTo(plan.records());
        assertThat(books.children()).as("attachments and members").isEqualTo(plan.records() - plan.distinctFiles());
        assertThat(first.stdout())
                .contains("files:        " + plan.distinctFiles() + " ingested, " + plan.duplicates()
                        + " duplicates skipped, 0 failed");
        books.assertFirstRunSummary(first.stdout());
    }

    @Test
    @Order(2)
    void shouldAddNothingAndCallNoModelOnASecondRunOverTheSameFolder() throws Exception {
        RunTopics before = topicsAfterFirstRun();
        ArchiveBags bagsBefore = ArchiveBags.in(dataDir.resolve("archive"));
        int rowsBefore = TABLE.rows().size();

        JarRun second = run("second");
        RunTopics after = RunTopics.read(dataDir);

        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.stdout())
                .contains("files:        0 ingested, " + plan.files() + " duplicates skipped, 0 failed")
                .contains("this run:     0 records ingested, 0 enriched, 0 dead-lettered")
                .doesNotContain("model call(s)");
        assertThat(after.ingested()).as("ingested topic").hasSameSizeAs(before.ingested());
        assertThat(after.enriched())
                .as("enriched topic: no model answered anything")
                .hasSameSizeAs(before.enriched());
        assertThat(after.deadLetters()).hasSameSizeAs(before.deadLetters());
        assertThat(TABLE.rows()).hasSize(rowsBefore);
        assertThat(ArchiveBags.in(dataDir.resolve("archive")).bags()).containsExactlyElementsOf(bagsBefore.bags());
    }
}
