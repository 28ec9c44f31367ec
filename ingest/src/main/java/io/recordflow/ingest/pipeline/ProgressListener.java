package io.recordflow.ingest.pipeline;

/** Told about every finished input, from worker threads; implementations are thread-safe. */
@FunctionalInterface
public interface ProgressListener {

  /**
   * One input finished.
   *
   * @param outcome what happened to it
   * @param summary the run's tally including this input
   * @param total number of inputs in the run
   */
  void finished(FileOutcome outcome, IngestSummary summary, int total);
}
