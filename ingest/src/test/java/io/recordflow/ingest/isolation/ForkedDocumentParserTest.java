package io.recordflow.ingest.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.recordflow.ingest.extract.ExtractionHarness;
import io.recordflow.ingest.extract.ParseFailure;
import io.recordflow.ingest.extract.ParseOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each case has a pool and child JVMs of its own, and most of its time is spent waiting (child start-up, timeouts,
 * pair waits), so the cases run at the same time; their asynchronous parses each get a thread of their own, never a
 * shared pool, so that two files meant to be in the child at once are.
 */
@Execution(ExecutionMode.CONCURRENT)
class ForkedDocumentParserTest {

    /**
     * Per-file timeout of the hang test. A child's start is not counted (the deadline starts after its ready line),
     * and the files parsed after the hang, each in a fresh child, are short texts that take well under a second; a
     * shorter timeout only shortens the wait for the hung file.
     */
    private static final long HANG_TIMEOUT_MILLIS = 4_000;

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static Path hostileConfig() throws URISyntaxException {
        return Path.of(ForkedDocumentParserTest.class
                .getResource("hostile-tika-config.xml")
                .toURI());
    }

    @Test
    void shouldParseWithTheShippedConfigInAChildJvm() throws Exception {
        try (ForkedDocumentParser parser =
                new ForkedDocumentParser(1, "256m", 60_000, ExtractionHarness.noOcr(), null)) {
            ParseOutcome outcome = parser.parse(file("memo.txt", "A memo about records.\n"), "memo.txt");
            assertThat(outcome.failed()).isFalse();
            assertThat(outcome.container().get("X-TIKA:content")).contains("A memo about records.");
            assertThat(outcome.container().get("Content-Type")).startsWith("text/plain");
        }
    }

    @Test
    void shouldFailOnlyTheHostileFileWhenAParserHangsCrashesOrRunsOutOfMemory() throws Exception {
        try (ForkedDocumentParser parser =
                new ForkedDocumentParser(1, "64m", HANG_TIMEOUT_MILLIS, ExtractionHarness.noOcr(), hostileConfig())) {
            assertThat(parser.parse(file("warm.txt", "fine"), "warm.txt").failed())
                    .isFalse();

            ParseOutcome hang = parser.parse(file("hang.txt", "HANG"), "hang.txt");
            assertThat(hang.failure().kind()).isEqualTo(ParseFailure.TIMEOUT);
            assertThat(hang.failure().message()).contains("did not finish within " + HANG_TIMEOUT_MILLIS + " ms");
            assertThat(parser.parse(file("after-hang.txt", "fine again"), "after-hang.txt")
                            .failed())
                    .isFalse();

            ParseOutcome crash = parser.parse(file("crash.txt", "CRASH"), "crash.txt");
            assertThat(crash.failure().kind()).isEqualTo(ParseFailure.CRASH);
            assertThat(crash.failure().message()).contains("exit status 134");
            assertThat(parser.parse(file("after-crash.txt", "fine"), "after-crash.txt")
                            .failed())
                    .isFalse();

            ParseOutcome oom = parser.parse(file("oom.txt", "OOM"), "oom.txt");
            assertThat(oom.failure().kind()).isEqualTo(ParseFailure.OUT_OF_MEMORY);
            assertThat(oom.failure().message()).contains("heap limit 64m");
            ParseOutcome after = parser.parse(file("after-oom.txt", "still fine"), "after-oom.txt");
            assertThat(after.container().get("X-TIKA:content")).contains("still fine");
        }
    }

    @Test
    void shouldParseSeveralFilesAtOnceInOneChildJvm() throws Exception {
        try (ForkedDocumentParser parser =
                new ForkedDocumentParser(2, "64m", 60_000, ExtractionHarness.noOcr(), hostileConfig())) {
            // each PAIR file waits in the parser for the other: they meet only when parsed at once in one JVM
            CompletableFuture<ParseOutcome> first = parseAsync(parser, file("first.txt", "PAIR first"));
            CompletableFuture<ParseOutcome> second = parseAsync(parser, file("second.txt", "PAIR second"));

            assertThat(text(first)).contains("first (paired)");
            assertThat(text(second)).contains("second (paired)");
        }
    }

    /** The innocent file is held in the child when the other file kills it; parsed again alone, it meets no partner. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "PAIR CRASH, CRASH, exit status 134",
        "PAIR OOM, OUT_OF_MEMORY, child heap limit 64m", // parsed again alone with the heap of one file
    })
    void shouldParseAgainAloneTheFilesInAChildThatAnotherFileKilled(String hostile, String kind, String reason)
            throws Exception {
        try (ForkedDocumentParser parser =
                new ForkedDocumentParser(2, "64m", 60_000, ExtractionHarness.noOcr(), hostileConfig())) {
            CompletableFuture<ParseOutcome> innocent = parseAsync(parser, file("innocent.txt", "PAIR-SLOW fine"));
            CompletableFuture<ParseOutcome> killer = parseAsync(parser, file("hostile.txt", hostile));

            assertThat(text(innocent)).contains("fine (alone)");
            ParseOutcome killed = killer.get(60, TimeUnit.SECONDS);
            assertThat(killed.failure().kind()).isEqualTo(kind);
            assertThat(killed.failure().message()).contains(reason);
        }
    }

    @Test
    void shouldParseAgainTheFilesInAChildKilledForAnotherFilesTimeout() throws Exception {
        try (ForkedDocumentParser parser =
                new ForkedDocumentParser(2, "64m", 6_000, ExtractionHarness.noOcr(), hostileConfig())) {
            assertThat(parser.parse(file("warm.txt", "fine"), "warm.txt").failed())
                    .isFalse();
            CompletableFuture<ParseOutcome> hang = parseAsync(parser, file("hang.txt", "PAIR HANG"));
            // the innocent file goes in half a second later, so its deadline is the later one, and well within the
            // hang file's wait for a partner, so that the two meet in the child
            await().during(500, TimeUnit.MILLISECONDS)
                    .atMost(2, TimeUnit.SECONDS)
                    .until(() -> !hang.isDone());
            CompletableFuture<ParseOutcome> innocent = parseAsync(parser, file("innocent.txt", "PAIR-SLOW fine"));

            ParseOutcome timedOut = hang.get(60, TimeUnit.SECONDS);
            assertThat(timedOut.failure().kind()).isEqualTo(ParseFailure.TIMEOUT);
            // Met in the child, the innocent file is held there until the child is killed; had it missed its partner
            // it would have been answered "alone" long before the timeout, and nothing parsed again.
            assertThat(innocent)
                    .as("the innocent file, when the hang timed out")
                    .isNotDone();
            assertThat(text(innocent)).contains("fine (alone)");
        }
    }

    /** Parses on a new thread: the common pool has too few threads for the blocking parses of concurrent cases. */
    private static CompletableFuture<ParseOutcome> parseAsync(ForkedDocumentParser parser, Path file) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return parser.parse(file, file.getFileName().toString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                task -> {
                    Thread thread = new Thread(task, "parse-" + file.getFileName());
                    thread.setDaemon(true);
                    thread.start();
                });
    }

    private static String text(CompletableFuture<ParseOutcome> outcome) throws Exception {
        ParseOutcome parsed = outcome.get(60, TimeUnit.SECONDS);
        assertThat(parsed.failed()).as("failure: %s", parsed.failure()).isFalse();
        return parsed.container().get("X-TIKA:content");
    }

    @Test
    void shouldStopAParseInProgressWithAnIoErrorWhenThePoolIsClosed() throws Exception {
        ForkedDocumentParser parser =
                new ForkedDocumentParser(1, "64m", 120_000, ExtractionHarness.noOcr(), hostileConfig());
        assertThat(parser.parse(file("warm.txt", "fine"), "warm.txt").failed()).isFalse();
        Path hang = file("hang.txt", "HANG");
        CompletableFuture<ParseOutcome> inProgress = parseAsync(parser, hang);
        // the hostile parser hangs for good; closing must end the parse long before its 120 s timeout
        await().during(500, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> !inProgress.isDone());
        parser.close();

        assertThatThrownBy(() -> inProgress.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .rootCause()
                .hasMessageContaining("hang.txt stopped: the run is shutting down");
        assertThatThrownBy(() -> parser.parse(file("late.txt", "late"), "late.txt"))
                .hasMessageContaining("late.txt stopped: the run is shutting down");
    }
}
