package io.recordflow.ingest.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Ingests a list of inputs with a fixed number of worker threads and tallies the outcomes. */
public final class IngestWorkers {

    private final FileIngestor ingestor;
    private final int parallelism;

    public IngestWorkers(FileIngestor ingestor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.ingestor = ingestor;
        this.parallelism = parallelism;
    }

    /**
     * Ingests every input; returns when all are done.
     *
     * @param summary tally to add to (it may already hold rejected arguments)
     * @throws InterruptedException when interrupted; inputs not yet started are abandoned
     */
    public IngestSummary run(List<InputFile> inputs, IngestSummary summary, ProgressListener progress)
            throws InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "ingest-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (InputFile input : inputs) {
                futures.add(workers.submit(() -> {
                    FileOutcome outcome = ingestor.ingest(input);
                    summary.add(outcome);
                    progress.finished(outcome, summary, inputs.size());
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    // FileIngestor turns bad files into dead letters; what reaches here stops the run (e.g. Kafka down)
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("ingest worker failed: " + e.getCause(), e.getCause());
                }
            }
            return summary;
        } finally {
            workers.shutdownNow();
        }
    }
}
