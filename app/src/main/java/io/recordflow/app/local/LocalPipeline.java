package io.recordflow.app.local;

import io.recordflow.app.enrich.EnrichEndpoints;
import io.recordflow.app.metrics.MetricsServer;
import io.recordflow.embedded.connect.EmbeddedConnect;
import io.recordflow.embedded.kafka.EmbeddedKafka;
import io.recordflow.embedded.registry.EmbeddedSchemaRegistry;
import io.recordflow.enrich.EnrichApp;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.sink.archive.ArchiveSinkConfig;
import io.recordflow.sink.archive.RecordsArchiveSinkConnector;
import io.recordflow.sink.convert.RecordFlowAvroConverter;
import io.recordflow.sink.jdbc.JdbcSinkConfig;
import io.recordflow.sink.jdbc.RecordsJdbcSinkConnector;
import io.recordflow.topics.SinkDeadLetterTopic;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM: an in-process KRaft broker, the embedded schema registry, the enrich topology and
 * a Connect worker running the archive sink (and the JDBC sink when configured). Everything lives under the data
 * folder, so a second start resumes with the same topics, schema ids, offsets and bags.
 */
public final class LocalPipeline implements AutoCloseable {

    /** Streams application id of the local enrich stage. */
    public static final String ENRICH_APP_ID = "recordflow-enrich";
    /** Name of the archive sink connector; its consumer group is {@code connect-<name>}. */
    public static final String ARCHIVE_CONNECTOR = "records-archive-sink";
    /** Name of the PostgreSQL sink connector. */
    public static final String JDBC_CONNECTOR = "records-jdbc-sink";

    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final int RECORD_PARTITIONS = 2;
    private static final String FAILED = "FAILED";

    private final LocalSettings settings;
    private final List<Stage> started = new ArrayList<>();
    private EmbeddedKafka kafka;
    private EmbeddedSchemaRegistry registry;
    private EnrichApp enrich;
    private List<String> connectors = List.of();
    private EmbeddedConnect connect;
    private ConnectionFile connectionFile;

    private LocalPipeline(LocalSettings settings) {
        this.settings = settings;
    }

    /** Starts every stage; on failure, what already started is stopped again before the exception leaves. */
    public static LocalPipeline start(LocalSettings settings) throws LlmException {
        LocalPipeline pipeline = new LocalPipeline(settings);
        try {
            pipeline.startAll();
            return pipeline;
        } catch (RuntimeException | Error | LlmException e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll() throws LlmException {
        kafka = remember(
                "Kafka", EmbeddedKafka.builder().dataDir(settings.kafkaDir()).start());
        LOG.info("Kafka (in-process KRaft) at {}, data in {}", kafka.bootstrapServers(), settings.kafkaDir());
        registry = remember("schema registry", EmbeddedSchemaRegistry.start(kafka.bootstrapServers()));
        LOG.info("Schema registry at {}", registry.url());
        createTopics();
        enrich = startEnrich();
        startSinks();
        connectionFile = remember(
                "connection file",
                ConnectionFile.write(
                        settings.dataDir(),
                        Map.of("bootstrap.servers", kafka.bootstrapServers(), "schema.registry.url", registry.url())));
    }

    private void createTopics() {
        for (Topic<String, ?> topic : Topics.all()) {
            int partitions = topic == Topics.INGESTED || topic == Topics.ENRICHED ? RECORD_PARTITIONS : 1;
            kafka.ensureTopic(topic.name(), partitions, Map.of());
        }
        for (SinkDeadLetterTopic topic : Topics.sinkDeadLetters()) {
            kafka.ensureTopic(topic.name(), 1, Map.of());
        }
    }

    private EnrichApp startEnrich() throws LlmException {
        EnrichApp app = EnrichApp.builder(new EnrichConfig(enrichSettings()), ENRICH_APP_ID, kafka.bootstrapServers())
                .streamsConfig(
                        StreamsConfig.STATE_DIR_CONFIG, settings.streamsDir().toString())
                .streamsConfig(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)
                .serdeConfig(serdeConfig())
                .build();
        // Leave the group on close: this is the group's only instance, and the next run would otherwise wait out the
        // 45 s session timeout before it gets its partitions back.
        remember("enrich Streams", () -> app.close(CLOSE_TIMEOUT, true));
        return app.start();
    }

    /** The enrich settings, confined to the blob store ingest writes and the archive sink reads (unless set). */
    private Map<String, Object> enrichSettings() {
        Map<String, Object> enrich = new HashMap<>(settings.enrich());
        enrich.putIfAbsent(
                EnrichConfig.BLOB_ROOTS, settings.blobDir().toAbsolutePath().toString());
        return enrich;
    }

    private void startSinks() {
        connect = remember(
                "Connect worker", EmbeddedConnect.start(kafka.bootstrapServers(), settings.connectOffsets(), Map.of()));
        List<String> names = new ArrayList<>();
        connect.putConnector(ARCHIVE_CONNECTOR, archiveConfig());
        names.add(ARCHIVE_CONNECTOR);
        settings.jdbc().ifPresent(jdbc -> {
            connect.putConnector(JDBC_CONNECTOR, jdbcConfig(jdbc));
            names.add(JDBC_CONNECTOR);
        });
        connectors = List.copyOf(names);
        LOG.info("Connect worker at {} running {}", connect.restUrl(), connectors);
    }

    private Map<String, String> archiveConfig() {
        return archiveConfig(registry.url(), settings.archiveDir(), settings.blobDir());
    }

    /** The local archive sink connector: enriched records from {@code blobDir} into bags in {@code archiveDir}. */
    static Map<String, String> archiveConfig(String registryUrl, Path archiveDir, Path blobDir) {
        Map<String, String> config = sinkBase(RecordsArchiveSinkConnector.class, Topics.ARCHIVE_SINK_DLQ, registryUrl);
        config.put(ArchiveSinkConfig.ARCHIVE_DIR, archiveDir.toAbsolutePath().toString());
        config.put(ArchiveSinkConfig.BLOB_ROOT, blobDir.toAbsolutePath().toString());
        // Small local batches: finish a bag a few seconds after its first record instead of after 15 minutes.
        config.put(ArchiveSinkConfig.BAG_MAX_AGE_MS, "3000");
        config.put(ArchiveSinkConfig.SOURCE_ORGANIZATION, "RecordFlow local mode");
        return config;
    }

    private Map<String, String> jdbcConfig(LocalSettings.Jdbc jdbc) {
        Map<String, String> config = sinkBase(RecordsJdbcSinkConnector.class, Topics.JDBC_SINK_DLQ, registry.url());
        config.put(JdbcSinkConfig.CONNECTION_URL, jdbc.url());
        config.put(JdbcSinkConfig.CONNECTION_USER, jdbc.user());
        config.put(JdbcSinkConfig.CONNECTION_PASSWORD, jdbc.password());
        config.put(JdbcSinkConfig.TABLE_SCHEMA, jdbc.schema());
        config.put(JdbcSinkConfig.TABLE_NAME, "records");
        config.put(JdbcSinkConfig.SCHEMA_MODE, JdbcSinkConfig.MODE_CREATE);
        return config;
    }

    private static Map<String, String> sinkBase(
            Class<? extends SinkConnector> connector, SinkDeadLetterTopic deadLetters, String registryUrl) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", connector.getName());
        config.put("topics", Topics.ENRICHED.name());
        config.put("tasks.max", "1");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", RecordFlowAvroConverter.class.getName());
        config.put("value.converter.schema.registry.url", registryUrl);
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", deadLetters.name());
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        return config;
    }

    /** Bootstrap servers of the in-process broker. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Serde settings pointing at the embedded registry. */
    public Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", registry.url());
    }

    /** The client properties file operator commands use ({@code --config}) to reach this pipeline while it runs. */
    public Path connectionFile() {
        return connectionFile.path();
    }

    /** Names of the running sink connectors. */
    public List<String> connectors() {
        return connectors;
    }

    /** Kafka Streams and model-call metrics of the enrich stage, in Prometheus text format. */
    public String enrichMetricsText() {
        return EnrichEndpoints.metrics(enrich);
    }

    /**
     * Requests the enrich stage has sent to the model server since the pipeline started and that ended (answered or
     * failed), repairs and map-reduce chunks included: the count the server sees.
     */
    public long enrichModelCalls() {
        return enrich.modelMetrics().snapshot().finishedCalls();
    }

    /** Health of the enrich stage, as {@code recordflow enrich} reports it on /health. */
    public MetricsServer.Health enrichHealth() {
        return EnrichEndpoints.health(enrich);
    }

    /** State of the enrich Streams instance. */
    public KafkaStreams.State enrichState() {
        return enrich.state();
    }

    /**
     * The first stage found stopped by a failure, with its error: the enrich stage, or a sink connector or task that
     * Connect reports FAILED (Connect does not restart a failed task by itself).
     */
    public Optional<String> failure() {
        Throwable enrichFailure = enrich.failure().getNow(null);
        if (enrichFailure != null) {
            return Optional.of("the enrich stage stopped: " + enrichFailure);
        }
        for (String name : connectors) {
            ConnectorStateInfo status = connect.status(name);
            if (status == null) {
                return Optional.of("sink connector " + name + " is gone from the Connect worker");
            }
            if (FAILED.equals(status.connector().state())) {
                return Optional.of("sink connector " + name + " failed: "
                        + firstLine(status.connector().trace()));
            }
            for (ConnectorStateInfo.TaskState task : status.tasks()) {
                if (FAILED.equals(task.state())) {
                    return Optional.of(
                            "sink connector " + name + " task " + task.id() + " failed: " + firstLine(task.trace()));
                }
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String trace) {
        return trace == null ? "(no error recorded)" : trace.lines().findFirst().orElse(trace);
    }

    /** The settings this pipeline runs with. */
    public LocalSettings settings() {
        return settings;
    }

    private <T extends AutoCloseable> T remember(String name, T service) {
        started.add(new Stage(name, service));
        return service;
    }

    /**
     * Stops the stages in reverse order of start; every stage is given its turn even when one fails to stop. Each
     * stop is logged with its duration, so a slow shutdown names the stage that held it up.
     */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            Stage stage = started.get(i);
            long begin = System.nanoTime();
            try {
                stage.service().close();
                LOG.info(
                        "stopped {} in {} ms",
                        stage.name(),
                        Duration.ofNanos(System.nanoTime() - begin).toMillis());
            } catch (Exception e) {
                LOG.warn("stopping the local-mode {} failed", stage.name(), e);
                if (failure == null) {
                    failure = new IllegalStateException(
                            "local mode did not stop cleanly: " + stage.name() + ": " + e.getMessage(), e);
                }
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** A started service and the name its stop is logged under. */
    private record Stage(String name, AutoCloseable service) {}
}
