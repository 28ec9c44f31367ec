package io.recordflow.ingest.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordflow.ingest.config.ExtractionLimits;
import io.recordflow.ingest.extract.DocumentParser;
import io.recordflow.ingest.extract.ParseFailure;
import io.recordflow.ingest.extract.ParseOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Tika in a pool of child JVMs, each with a heap cap, and gives each file a timeout: a parser that hangs, runs
 * out of memory or kills its JVM fails only that file (TIMEOUT, OUT_OF_MEMORY, CRASH); the child is replaced and the
 * run goes on. Thread-safe; at most {@code size} files are parsed at once.
 */
public final class ForkedDocumentParser implements DocumentParser, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ForkedDocumentParser.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String heap;
  private final long timeoutMillis;
  private final String settings;
  private final BlockingQueue<Slot> slots = new LinkedBlockingQueue<>();
  private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "extraction-child-reader");
    t.setDaemon(true);
    return t;
  });

  /** A pool place that holds a child JVM, started on first use and restarted after a failure. */
  private static final class Slot {
    ChildJvm child;
  }

  /**
   * Creates the pool; children start lazily.
   *
   * @param tikaConfig a Tika configuration file for the children, or null for the shipped one
   */
  public ForkedDocumentParser(int size, String heap, long timeoutMillis, ExtractionLimits limits, Path tikaConfig) {
    this.heap = heap;
    this.timeoutMillis = timeoutMillis;
    this.settings = settings(limits, tikaConfig);
    for (int i = 0; i < size; i++) {
      slots.add(new Slot());
    }
  }

  @Override
  public ParseOutcome parse(Path file, String fileName) throws IOException {
    Slot slot;
    try {
      slot = slots.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for an extraction child", e);
    }
    try {
      return parseIn(slot, file, fileName);
    } finally {
      slots.add(slot);
    }
  }

  private ParseOutcome parseIn(Slot slot, Path file, String fileName) throws IOException {
    if (slot.child == null || !slot.child.alive()) {
      slot.child = ChildJvm.start(heap, settings);
    }
    ObjectNode request = JSON.createObjectNode().put("file", file.toAbsolutePath().toString()).put("fileName", fileName);
    try {
      String answer = slot.child.ask(JSON.writeValueAsString(request), timeoutMillis, readers);
      if (answer != null) {
        return ParseOutcomeCodec.decode(answer);
      }
      int exit = slot.child.exitCode();
      discard(slot);
      return exit == ChildJvm.OOM_EXIT
          ? failed(ParseFailure.OUT_OF_MEMORY, "extraction ran out of memory (child heap limit " + heap + ")")
          : failed(ParseFailure.CRASH, "extraction child JVM died with exit status " + exit);
    } catch (TimeoutException e) {
      discard(slot);
      return failed(ParseFailure.TIMEOUT, "extraction did not finish within " + timeoutMillis + " ms; child killed");
    } catch (InterruptedException e) {
      discard(slot);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while extracting " + fileName, e);
    }
  }

  private static void discard(Slot slot) {
    if (slot.child != null) {
      slot.child.close();
      slot.child = null;
    }
  }

  private static ParseOutcome failed(String kind, String message) {
    LOG.warn(message);
    return new ParseOutcome(List.of(), new ParseFailure(kind, ForkedDocumentParser.class.getName(), message));
  }

  private static String settings(ExtractionLimits limits, Path tikaConfig) {
    ObjectNode s = JSON.createObjectNode()
        .put("writeLimitChars", limits.writeLimitChars())
        .put("maxEmbedded", limits.maxEmbedded())
        .put("maxDepth", limits.maxDepth())
        .put("ocrEnabled", limits.ocrEnabled())
        .put("ocrLanguage", limits.ocrLanguage());
    if (limits.password() != null) {
      s.put("password", limits.password()); // sent over the pipe, never on the visible command line
    }
    if (tikaConfig != null) {
      s.put("tikaConfig", tikaConfig.toAbsolutePath().toString());
    }
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Slot slot : slots) {
      discard(slot);
    }
    readers.shutdownNow();
  }
}
