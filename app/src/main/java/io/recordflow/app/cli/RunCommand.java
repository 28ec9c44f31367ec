package io.recordflow.app.cli;

import io.recordflow.app.config.ConfigSources;
import io.recordflow.app.config.EnrichServiceConfig;
import io.recordflow.app.console.ConsoleConfig;
import io.recordflow.app.console.LocalConsole;
import io.recordflow.app.local.ConnectionFile;
import io.recordflow.app.local.LocalPipeline;
import io.recordflow.app.local.LocalSettings;
import io.recordflow.app.local.PipelineTracker;
import io.recordflow.app.local.PipelineTracker.Progress;
import io.recordflow.app.metrics.MetricsServer;
import io.recordflow.ingest.pipeline.IngestSummary;
import io.recordflow.ingest.produce.KafkaRecordOutlet;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.registry.BasicAuthCredentials;
import io.recordflow.secrets.UrlRedaction;
import io.recordflow.sink.archive.ArchiveLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recordflow run}: the single-process local pipeline (embedded Kafka, registry, enrich and sinks). */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole pipeline in one JVM on an in-process Kafka broker, schema registry and Connect "
                    + "worker: ingest PATHs, enrich them, archive them as BagIt bags (and upsert them into PostgreSQL with "
                    + "--jdbc-url), then print a summary.",
            "Without PATHs, or with --serve, it keeps running until Ctrl-C. Data lives under --data-dir, so a second "
                    + "run resumes with the same topics, schema ids and offsets."
        })
public final class RunCommand implements Callable<Integer> {

    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration CTRL_C_GRACE = Duration.ofSeconds(3);
    private static final String METRICS_USER_INFO_ENV =
            ConfigSources.keyToEnv(EnrichServiceConfig.METRICS_BASIC_AUTH_USER_INFO);

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files, folders or globs to ingest; - for stdin.")
    private List<String> paths = List.of();

    @Mixin
    private IngestOptions ingest;

    @Option(
            names = "--data-dir",
            defaultValue = "recordflow-data",
            description = "Where the broker, registry, state, originals and bags live (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Mixin
    private ModelOptions modelOptions;

    @Option(
            names = "--jdbc-url",
            description = "Also upsert enriched records into this PostgreSQL database, "
                    + "e.g. jdbc:postgresql://127.0.0.1:5432/records.")
    private String jdbcUrl;

    @Option(
            names = "--jdbc-user",
            defaultValue = "postgres",
            description = "Database user (default: ${DEFAULT-VALUE}).")
    private String jdbcUser;

    @Option(
            names = "--jdbc-schema",
            defaultValue = "public",
            description = "Database schema of the records table " + "(default: ${DEFAULT-VALUE}).")
    private String jdbcSchema;

    @Option(names = "--serve", description = "Keep running after the PATHs are processed, until Ctrl-C.")
    private boolean serve;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description =
                    "Also serve the enrich stage's GET /metrics "
                            + "(Prometheus) and GET /health on this port, as 'recordflow enrich' does (0 picks a free port; default: off).")
    private Integer metricsPort;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = MetricsServer.LOOPBACK,
            description =
                    "Address of --metrics-port's server and of the review console (default: ${DEFAULT-VALUE}, this "
                            + "host only; 0.0.0.0 for "
                            + "every interface); env RECORDFLOW_METRICS_BASIC_AUTH_USER_INFO=user:password puts it behind "
                            + "basic auth. Kafka, the registry and Connect always bind 127.0.0.1.")
    private String bind;

    @Option(
            names = "--console-port",
            paramLabel = "PORT",
            defaultValue = "" + ConsoleConfig.DEFAULT_PORT,
            description = "Port of the review console started while serving (--serve, or no PATHs), bound to --bind; "
                    + "users come from DATA_DIR/" + LocalConsole.USERS_FILE + " ('recordflow console add-user NAME "
                    + "--role reviewer --users-file ...'). A busy port falls back to a free one; -1 starts no console "
                    + "(default: ${DEFAULT-VALUE}).")
    private int consolePort;

    @Option(
            names = "--settle-timeout",
            defaultValue = "PT30M",
            description = "How long to wait for every record to "
                    + "be enriched and archived, ISO-8601 (default: ${DEFAULT-VALUE}).")
    private Duration settleTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelOptions.Resolved model = modelOptions.resolve(Map.of(), System.getenv());
        err.println(model.choice().announcement());
        useCacheUnder(dataDir.resolve("cache"));
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (LocalPipeline pipeline = LocalPipeline.start(settings(model));
                PipelineTracker tracker = new PipelineTracker(pipeline.bootstrapServers(), pipeline.serdeConfig());
                MetricsServer metrics = metricsPort == null
                        ? null
                        : MetricsServer.start(metricsEndpoint(), pipeline::enrichMetricsText, pipeline::enrichHealth);
                LocalConsole console = (serve || paths.isEmpty()) && consolePort >= 0
                        ? LocalConsole.start(pipeline, bind, consolePort, err)
                        : null) {
            if (metrics != null) {
                err.println("Enrich metrics at " + metrics.url() + "/metrics, health at /health");
            }
            Thread hook = new Thread(() -> stopOnCtrlC(pipeline, stopped, closed, err), "recordflow-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            Progress before = tracker.catchUp(pipeline.connectors());
            IngestSummary ingested = paths.isEmpty()
                    ? new IngestSummary()
                    : IngestPass.ingest(
                            paths,
                            ingest,
                            pipeline.settings().blobDir().toString(),
                            KafkaRecordOutlet.create(pipeline.bootstrapServers(), pipeline.serdeConfig()),
                            Set.copyOf(tracker.ingestedIds())::contains,
                            err);
            boolean keepRunning = serve || paths.isEmpty();
            if (keepRunning) {
                err.println("Serving until Ctrl-C: Kafka at " + pipeline.bootstrapServers() + ", schema registry at "
                        + pipeline.serdeConfig().get("schema.registry.url")
                        + (console == null ? "" : ", review console at " + console.url() + "/")
                        + "; operator commands reach it with --config "
                        + pipeline.connectionFile());
            }
            Progress after = follow(tracker, pipeline, keepRunning, stopped, err);
            if (stopped.getCount() == 0) {
                return ExitCode.INTERRUPTED;
            }
            printResults(out, tracker.enrichedSinceCatchUp(), pipeline.enrichModelCalls());
            printSummary(out, before, after, ingested, pipeline, model.choice());
            Runtime.getRuntime().removeShutdownHook(hook);
            return exitCode(before, after, ingested);
        } finally {
            closed.countDown();
        }
    }

    private MetricsServer.Endpoint metricsEndpoint() {
        String userInfo = System.getenv(METRICS_USER_INFO_ENV);
        try {
            return new MetricsServer.Endpoint(
                    bind, metricsPort, Optional.ofNullable(userInfo).map(BasicAuthCredentials::parse));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(METRICS_USER_INFO_ENV + ": " + e.getMessage(), e);
        }
    }

    /** The offline model's tokenizer unpacks native libraries; keep them with the data, not in the home folder. */
    private static void useCacheUnder(Path cache) {
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty(
                    "DJL_CACHE_DIR", cache.resolve("djl").toAbsolutePath().toString());
        }
    }

    private LocalSettings settings(ModelOptions.Resolved model) {
        Optional<LocalSettings.Jdbc> jdbc = Optional.ofNullable(jdbcUrl)
                .map(url -> new LocalSettings.Jdbc(
                        url,
                        jdbcUser,
                        Optional.ofNullable(System.getenv("RECORDFLOW_JDBC_PASSWORD"))
                                .orElse(""),
                        jdbcSchema));
        return new LocalSettings(dataDir, model.settings(), jdbc);
    }

    /** Prints a status line each tick until the pipeline settles (or, when serving, until Ctrl-C). */
    private Progress follow(
            PipelineTracker tracker,
            LocalPipeline pipeline,
            boolean keepRunning,
            CountDownLatch stopped,
            PrintWriter err)
            throws InterruptedException {
        boolean terminal = System.console() != null;
        Instant deadline = Instant.now().plus(settleTimeout);
        String last = "";
        while (true) {
            Progress now = tracker.poll(TICK, pipeline.connectors());
            String line = now.line() + " | enrich " + pipeline.enrichState();
            Optional<String> failure = pipeline.failure();
            if (failure.isPresent()) {
                throw new IllegalStateException(failure.get() + " (" + now.line() + "); see the log");
            }
            if (terminal) {
                err.print("\r" + line);
            } else if (!line.equals(last)) {
                err.println(line);
            }
            err.flush();
            last = line;
            if (!keepRunning && now.settled()) {
                if (terminal) {
                    err.println();
                }
                return now;
            }
            if (!keepRunning && Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the pipeline did not settle within " + settleTimeout + " ("
                        + now.line() + "); rerun with --settle-timeout or --serve");
            }
            if (stopped.await(0, TimeUnit.MILLISECONDS)) {
                return now;
            }
        }
    }

    /**
     * Lets the main thread stop following and close the tracker before the pipeline (so no client is left talking to
     * a stopped broker); closes the pipeline itself when the main thread is busy ingesting and does not return soon.
     */
    private static void stopOnCtrlC(
            LocalPipeline pipeline, CountDownLatch stopped, CountDownLatch closed, PrintWriter err) {
        stopped.countDown();
        err.println();
        err.println("recordflow run: stopping (Ctrl-C)...");
        err.flush();
        try {
            if (closed.await(CTRL_C_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipeline.close();
    }

    /**
     * One line per record enriched by this run: what the model decided and whether a person must look; then how many
     * requests the model server got from this run ({@code modelCalls}, as the server counts them).
     */
    private static void printResults(PrintWriter out, List<EnrichedRecord> results, long modelCalls) {
        if (results.isEmpty()) {
            return;
        }
        TextTable table = new TextTable("FILE", "SCHEDULE ITEM", "CONFIDENCE", "REVIEW", "SUMMARY");
        for (EnrichedRecord r : results) {
            table.row(
                    TextTable.abbreviate(r.getRecord().getFileName(), 40),
                    r.getClassification().getCode() + " "
                            + TextTable.abbreviate(r.getClassification().getLabel(), 40),
                    String.format(Locale.ROOT, "%.2f", r.getClassification().getConfidence()),
                    r.getNeedsReview()
                            ? r.getReviewReasons().stream().map(Enum::name).collect(Collectors.joining(","))
                            : "no",
                    TextTable.abbreviate(r.getSummary(), 60));
        }
        table.print(out);
        long cached =
                results.stream().filter(r -> r.getProvenance().getCacheHit()).count();
        out.printf(
                "  %d enriched by this run: %d model call(s), %d answered from the cache%n",
                results.size(), modelCalls, cached);
    }

    private void printSummary(
            PrintWriter out,
            Progress before,
            Progress after,
            IngestSummary ingested,
            LocalPipeline pipeline,
            ModelChoice model)
            throws IOException {
        LocalSettings s = pipeline.settings();
        out.println("RecordFlow local run summary");
        out.printf(
                "  files:        %d ingested, %d duplicates skipped, %d failed%n",
                ingested.ingested(), ingested.duplicates(), ingested.failed());
        ingested.failures().forEach(f -> out.println("                FAILED " + f.reason()));
        int sinkDeadLetteredNow = after.sinkDeadLettered() - before.sinkDeadLettered();
        out.printf(
                "  this run:     %d records ingested, %d enriched, %d dead-lettered%s%n",
                after.ingested() - before.ingested(),
                after.enriched() - before.enriched(),
                after.deadLettered() - before.deadLettered(),
                sinkDeadLetteredNow == 0 ? "" : ", sink dead-lettered " + sinkDeadLetteredNow);
        out.printf(
                "  all runs:     %d ingested, %d enriched, %d in review, %d dead-lettered%s%s%n",
                after.ingested(),
                after.enriched(),
                after.inReview(),
                after.deadLettered(),
                after.deadLetters().isEmpty() ? "" : " by stage " + after.deadLetters(),
                after.sinkDeadLettered() == 0
                        ? ""
                        : ", sink dead-lettered " + after.sinkDeadLettered() + " " + after.sinkDeadLetters());
        out.printf(
                "  model:        %s%s (%s)%n",
                model.provider(), model.model().isEmpty() ? "" : " " + model.model(), model.reason());
        out.printf(
                "  bags:         %d finished BagIt bag(s) in %s%n",
                ArchiveLayout.finishedBags(s.archiveDir()).size(),
                s.archiveDir().toAbsolutePath());
        s.jdbc()
                .ifPresent(j -> out.printf(
                        "  rows:         upserted into %s.records at %s%n", j.schema(), UrlRedaction.redact(j.url())));
        out.printf(
                "  data:         %s (run again to resume; while 'run --serve' runs, 'recordflow status --config %s' "
                        + "and the other operator commands inspect it)%n",
                s.dataDir().toAbsolutePath(), s.dataDir().resolve(ConnectionFile.NAME));
        out.flush();
    }

    /** The ingest pass's own code when it failed (69 for a registry refusal, as {@code ingest} exits), else 1 for records dead-lettered in this run. */
    static int exitCode(Progress before, Progress after, IngestSummary ingested) {
        int ingest = IngestPass.exitCode(ingested);
        if (ingest != ExitCode.OK) {
            return ingest;
        }
        return after.deadLettered() == before.deadLettered() && after.sinkDeadLettered() == before.sinkDeadLettered()
                ? ExitCode.OK
                : ExitCode.PARTIAL_FAILURE;
    }
}
