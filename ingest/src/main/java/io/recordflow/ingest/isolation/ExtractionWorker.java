package io.recordflow.ingest.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordflow.ingest.config.ExtractionLimits;
import io.recordflow.ingest.extract.ParseFailure;
import io.recordflow.ingest.extract.ParseOutcome;
import io.recordflow.ingest.extract.TikaParse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.tika.config.TikaConfig;

/**
 * Main class of an extraction child JVM. Reads a settings line, then one request line per file
 * ({@code {"file":..., "fileName":...}}) from stdin and answers each with one JSON line on stdout. Anything else
 * the parsers print goes to stderr, so stdout carries only answers.
 */
public final class ExtractionWorker {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExtractionWorker() {
  }

  public static void main(String[] args) throws Exception {
    PrintStream answers = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    System.setOut(System.err);
    BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String settingsLine = requests.readLine();
    if (settingsLine == null) {
      return;
    }
    TikaParse tika = tika(JSON.readTree(settingsLine));
    String line;
    while ((line = requests.readLine()) != null) {
      JsonNode request = JSON.readTree(line);
      ParseOutcome outcome;
      try {
        outcome = tika.parse(Path.of(request.path("file").asText()), request.path("fileName").asText(null));
      } catch (IOException e) {
        outcome = new ParseOutcome(List.of(), new ParseFailure(ParseFailure.UNREADABLE, e.getClass().getName(),
            String.valueOf(e.getMessage())));
      }
      answers.println(ChildJvm.ANSWER_PREFIX + ParseOutcomeCodec.encode(outcome));
      answers.flush();
    }
  }

  private static TikaParse tika(JsonNode s) {
    ExtractionLimits limits = new ExtractionLimits(s.path("writeLimitChars").asInt(), s.path("maxEmbedded").asInt(),
        s.path("maxDepth").asInt(), s.path("ocrEnabled").asBoolean(), s.path("ocrLanguage").asText("eng"),
        s.path("password").asText(null));
    String config = s.path("tikaConfig").asText(null);
    if (config == null) {
      return new TikaParse(limits);
    }
    try {
      return new TikaParse(new TikaConfig(Path.of(config)), limits);
    } catch (Exception e) {
      throw new IllegalStateException("cannot load Tika configuration " + config + ": " + e.getMessage(), e);
    }
  }
}
