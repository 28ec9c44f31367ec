package io.recordflow.ingest.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.ingest.extract.Extraction;
import io.recordflow.ingest.extract.ExtractionHarness;
import io.recordflow.records.AgencyRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeCorpusTest {

    private static final Pattern ATTACHMENT = Pattern.compile("Content-Disposition: attachment");

    @TempDir
    static Path dir;

    static Path mixed;
    static VolumeCorpus.Plan plan;
    static long generationMillis;

    @BeforeAll
    static void writeMixedCorpus() throws IOException {
        mixed = dir.resolve("mixed");
        long start = System.nanoTime();
        plan = VolumeCorpus.mixed(mixed, 12L, 2_000);
        generationMillis = (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void shouldWriteAMixedCorpusOfAtLeastTwoThousandRecordsWithDuplicatesInSeconds() throws IOException {
        assertThat(plan.records()).isGreaterThanOrEqualTo(2_000);
        assertThat(plan.duplicates()).isPositive();
        assertThat(files(mixed)).hasSize(plan.files());
        assertThat(files(mixed).stream().map(VolumeCorpusTest::read).distinct())
                .as("distinct contents")
                .hasSize(plan.distinctFiles());
        assertThat(generationMillis).as("generation time in ms").isLessThan(60_000);
    }

    @Test
    void shouldWriteTheSameBytesForTheSameSeed() throws IOException {
        VolumeCorpus.smallTexts(dir.resolve("a"), 50, 7L);
        VolumeCorpus.smallTexts(dir.resolve("b"), 50, 7L);

        for (Path a : files(dir.resolve("a"))) {
            Path b = dir.resolve("b").resolve(dir.resolve("a").relativize(a));
            assertThat(Files.readAllBytes(b)).as(b.toString()).isEqualTo(Files.readAllBytes(a));
        }
        assertThat(files(dir.resolve("a")).stream().map(VolumeCorpusTest::read).distinct())
                .as("distinct contents")
                .hasSize(50);
    }

    @Test
    void shouldYieldOneLinkedRecordPerAttachmentAndPerArchiveMemberAtAnyDepth() throws Exception {
        ExtractionHarness harness = new ExtractionHarness(dir.resolve("extract"), ExtractionHarness.noOcr(), 100_000);

        for (Path eml : files(mixed.resolve("mail")).subList(0, 5)) {
            int attachments = (int) ATTACHMENT.matcher(read(eml)).results().count();
            List<AgencyRecord> records = records(harness, eml);
            assertThat(records).as(eml.toString()).hasSize(1 + attachments);
            assertThat(records.subList(1, records.size()))
                    .allSatisfy(r -> assertThat(r.getParentRecordId())
                            .isEqualTo(records.get(0).getRecordId()));
        }
        Path zip = files(mixed.resolve("zips")).get(0);
        assertThat(records(harness, zip))
                .extracting(AgencyRecord::getFileName)
                .containsExactlyInAnyOrder(
                        zip.getFileName().toString(), "cover.txt", "inner.zip", "a.txt", "b.csv", "deep.zip", "c.txt");
    }

    private static List<AgencyRecord> records(ExtractionHarness harness, Path file) throws IOException {
        Extraction extraction = harness.extract(file);
        assertThat(extraction.failure()).as(file.toString()).isNull();
        return extraction.records();
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
