package io.recordflow.ingest.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.ingest.extract.ExtractionHarness;
import io.recordflow.ingest.extract.ParseFailure;
import io.recordflow.ingest.extract.ParseOutcome;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkedDocumentParserTest {

  @TempDir
  Path dir;

  private Path file(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static Path hostileConfig() throws URISyntaxException {
    return Path.of(ForkedDocumentParserTest.class.getResource("hostile-tika-config.xml").toURI());
  }

  @Test
  void shouldParseWithTheShippedConfigInAChildJvm() throws Exception {
    try (ForkedDocumentParser parser = new ForkedDocumentParser(1, "256m", 60_000, ExtractionHarness.noOcr(),
        null)) {
      ParseOutcome outcome = parser.parse(file("memo.txt", "A memo about records.\n"), "memo.txt");
      assertThat(outcome.failed()).isFalse();
      assertThat(outcome.container().get("X-TIKA:content")).contains("A memo about records.");
      assertThat(outcome.container().get("Content-Type")).startsWith("text/plain");
    }
  }

  @Test
  void shouldFailOnlyTheHostileFileWhenAParserHangsCrashesOrRunsOutOfMemory() throws Exception {
    try (ForkedDocumentParser parser = new ForkedDocumentParser(1, "64m", 12_000, ExtractionHarness.noOcr(),
        hostileConfig())) {
      assertThat(parser.parse(file("warm.txt", "fine"), "warm.txt").failed()).isFalse();

      ParseOutcome hang = parser.parse(file("hang.txt", "HANG"), "hang.txt");
      assertThat(hang.failure().kind()).isEqualTo(ParseFailure.TIMEOUT);
      assertThat(hang.failure().message()).contains("did not finish within 12000 ms");
      assertThat(parser.parse(file("after-hang.txt", "fine again"), "after-hang.txt").failed()).isFalse();

      ParseOutcome crash = parser.parse(file("crash.txt", "CRASH"), "crash.txt");
      assertThat(crash.failure().kind()).isEqualTo(ParseFailure.CRASH);
      assertThat(crash.failure().message()).contains("exit status 134");
      assertThat(parser.parse(file("after-crash.txt", "fine"), "after-crash.txt").failed()).isFalse();

      ParseOutcome oom = parser.parse(file("oom.txt", "OOM"), "oom.txt");
      assertThat(oom.failure().kind()).isEqualTo(ParseFailure.OUT_OF_MEMORY);
      assertThat(oom.failure().message()).contains("heap limit 64m");
      ParseOutcome after = parser.parse(file("after-oom.txt", "still fine"), "after-oom.txt");
      assertThat(after.container().get("X-TIKA:content")).contains("still fine");
    }
  }
}
