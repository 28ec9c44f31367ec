package io.recordflow.enrich.config;

import io.recordflow.blob.BlobRoots;
import io.recordflow.enrich.llm.local.LocalEmbeddings;
import io.recordflow.enrich.topology.PendingEntry;
import io.recordflow.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.config.types.Password;

/** Settings of the enrich stage: which model serves it, how it is called, and when records go to review. */
public final class EnrichConfig extends AbstractConfig {
    public static final String PROVIDER = "enrich.provider";
    public static final String MODEL = "enrich.model";
    public static final String VISION_MODEL = "enrich.vision.model";
    public static final String BASE_URL = "enrich.base.url";
    public static final String API_KEY = "enrich.api.key";
    public static final String TIMEOUT_MS = "enrich.timeout.ms";
    public static final String NUM_CTX = "enrich.num.ctx";
    public static final String TEMPERATURE = "enrich.temperature";
    public static final String SEED = "enrich.seed";
    public static final String CONCURRENCY = "enrich.concurrency";
    public static final String CONCURRENCY_STRATEGY = "enrich.concurrency.strategy";
    public static final String CONCURRENCY_MAX = "enrich.concurrency.max";
    public static final String CONCURRENCY_INITIAL = "enrich.concurrency.initial";
    public static final String STRATEGY_ADAPTIVE = "adaptive";
    public static final String STRATEGY_FIXED = "fixed";
    public static final String CONFIDENCE_THRESHOLD = "enrich.review.confidence.threshold";
    public static final String SENSITIVITY_THRESHOLD = "enrich.review.sensitivity.threshold";
    public static final String INJECTION_THRESHOLD = "enrich.injection.threshold";
    public static final String REPAIR_ATTEMPTS = "enrich.repair.attempts";
    public static final String RETRY_INITIAL_MS = "enrich.retry.initial.backoff.ms";
    public static final String RETRY_MAX_MS = "enrich.retry.max.backoff.ms";
    public static final String RETRY_MAX_ELAPSED_MS = "enrich.retry.max.elapsed.ms";
    public static final String PERMANENT_ATTEMPTS = "enrich.permanent.failure.attempts";
    public static final String PUNCTUATE_MS = "enrich.punctuate.interval.ms";
    public static final String MAX_PENDING = "enrich.max.pending.records";
    public static final String INTAKE_MAX_BLOCK_MS = "enrich.intake.max.block.ms";
    public static final String MAX_RECORD_BYTES = "enrich.max.record.bytes";
    public static final String MAX_OUTPUT_BYTES = "enrich.max.output.bytes";
    public static final String IMAGE_MAX_PIXELS = "enrich.image.max.pixels";
    public static final String TAXONOMY_PATH = "enrich.taxonomy.path";
    public static final String PIPELINE_VERSION = "enrich.pipeline.version";
    public static final String PROMPT_VERSION = "enrich.prompt.version";
    public static final String OUTPUT_TOPIC = "enrich.output.topic";
    public static final String REVIEW_TOPIC = "enrich.review.topic";
    public static final String DLQ_TOPIC = "enrich.dlq.topic";
    public static final String AUDIT_TOPIC = "enrich.audit.topic";
    public static final String HUMAN_PRECEDENCE = "enrich.human.precedence";
    public static final String INPUT_STOP_OFFSETS = "enrich.input.stop.offsets";
    public static final String BLOB_ROOTS = "enrich.blob.roots";
    public static final String CACHE_ENABLED = "enrich.cache.enabled";
    public static final String CACHE_RETENTION_MS = "enrich.cache.retention.ms";
    public static final String CACHE_RETENTION_BYTES = "enrich.cache.retention.bytes";

    /** Environment variable Ollama's own CLI uses for the server address; honoured when no base URL is set. */
    public static final String OLLAMA_HOST_ENV = "OLLAMA_HOST";

    public static final String DEFAULT_OLLAMA_URL = "http://localhost:11434";
    /** Model of every provider but {@code local} when none is named: the model the {@code auto} provider looks for. */
    public static final String DEFAULT_MODEL = "llama3.1:8b";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(
                    PROVIDER,
                    Type.STRING,
                    "local",
                    ValidString.in("local", "ollama", "openai-compatible"),
                    Importance.HIGH,
                    "Model provider: 'local' (in-process MiniLM, offline), 'ollama', or 'openai-compatible' (vLLM, llama.cpp server).")
            .define(
                    MODEL,
                    Type.STRING,
                    "",
                    new ConfigDef.NonNullValidator(),
                    Importance.HIGH,
                    "Model name, e.g. 'llama3.2:3b'. Empty selects the provider's default: " + LocalEmbeddings.MODEL
                            + " for local, " + DEFAULT_MODEL + " otherwise.")
            .define(
                    VISION_MODEL,
                    Type.STRING,
                    "",
                    new ConfigDef.NonNullValidator(),
                    Importance.MEDIUM,
                    "Ollama vision model for IMAGE records, e.g. 'llama3.2-vision'. Empty: images are classified from OCR text only.")
            .define(
                    BASE_URL,
                    Type.STRING,
                    "",
                    new ConfigDef.NonNullValidator(),
                    Importance.HIGH,
                    "Model server URL. Empty: OLLAMA_HOST, then " + DEFAULT_OLLAMA_URL
                            + " for ollama; required for openai-compatible.")
            .define(
                    API_KEY,
                    Type.PASSWORD,
                    "",
                    Importance.MEDIUM,
                    "API key for openai-compatible servers that require one.")
            .define(
                    TIMEOUT_MS,
                    Type.LONG,
                    120_000L,
                    Range.between(1_000L, 3_600_000L),
                    Importance.MEDIUM,
                    "Timeout of one model call in milliseconds (set explicitly: the client default of 60 s is too short for long documents).")
            .define(
                    NUM_CTX,
                    Type.INT,
                    8192,
                    Range.between(512, 262_144),
                    Importance.HIGH,
                    "Context window in tokens sent as options.num_ctx (Ollama silently truncates at 2048 otherwise); longer texts are chunked.")
            .define(
                    TEMPERATURE,
                    Type.DOUBLE,
                    0.0,
                    Range.between(0.0, 2.0),
                    Importance.MEDIUM,
                    "Sampling temperature; 0 makes classifications reproducible.")
            .define(SEED, Type.INT, 42, Importance.LOW, "Sampling seed, recorded in provenance.")
            .define(
                    CONCURRENCY,
                    Type.INT,
                    4,
                    Range.between(1, 256),
                    Importance.MEDIUM,
                    "Model calls in flight per stream task with " + CONCURRENCY_STRATEGY + "=" + STRATEGY_FIXED
                            + "; unused by the adaptive strategy.")
            .define(
                    CONCURRENCY_STRATEGY,
                    Type.STRING,
                    STRATEGY_ADAPTIVE,
                    ValidString.in(STRATEGY_ADAPTIVE, STRATEGY_FIXED),
                    Importance.MEDIUM,
                    "How many model calls run at once. " + STRATEGY_ADAPTIVE + ": one limit for the whole instance, "
                            + "shared by all its tasks, learned from the server's latency (mean latency per window of answers "
                            + "against its no-load latency, robust to calls of different lengths) and cut when it "
                            + "refuses calls (429, 503, timeouts), between 1 and " + CONCURRENCY_MAX + "; no tuning "
                            + "per server. " + STRATEGY_FIXED + ": " + CONCURRENCY + " calls per stream task, whatever "
                            + "the server can take.")
            .define(
                    CONCURRENCY_MAX,
                    Type.INT,
                    128,
                    Range.between(1, 1_024),
                    Importance.LOW,
                    "Ceiling of the adaptive limit: model calls this instance never exceeds, whatever the server "
                            + "seems to take (also the size of the call thread pool).")
            .define(
                    CONCURRENCY_INITIAL,
                    Type.INT,
                    8,
                    Range.between(1, 1_024),
                    Importance.LOW,
                    "Adaptive limit at start, before latency and refusals have been measured; at most "
                            + CONCURRENCY_MAX + ". These first calls go out at once: a one-slot server taking 30 s "
                            + "a call (CPU-only) answers the last of 8 after 240 s, past the default "
                            + "enrich.timeout.ms; set 1 for such a server.")
            .define(
                    CONFIDENCE_THRESHOLD,
                    Type.DOUBLE,
                    0.6,
                    Range.between(0.0, 1.0),
                    Importance.MEDIUM,
                    "Classifications below this confidence go to review.")
            .define(
                    SENSITIVITY_THRESHOLD,
                    Type.DOUBLE,
                    0.9,
                    Range.between(0.0, 1.0),
                    Importance.MEDIUM,
                    "Sensitivity findings at or above this confidence send the record to review.")
            .define(
                    INJECTION_THRESHOLD,
                    Type.DOUBLE,
                    0.8,
                    Range.between(0.1, 10.0),
                    Importance.MEDIUM,
                    "Score of the prompt-injection heuristics at which a record is flagged.")
            .define(
                    REPAIR_ATTEMPTS,
                    Type.INT,
                    2,
                    Range.between(0, 10),
                    Importance.MEDIUM,
                    "How often an invalid model answer is retried with a repair prompt before the record goes to review.")
            .define(
                    RETRY_INITIAL_MS,
                    Type.LONG,
                    1_000L,
                    Range.between(1L, 600_000L),
                    Importance.LOW,
                    "First backoff after a transient model failure; doubles per attempt with jitter.")
            .define(
                    RETRY_MAX_MS,
                    Type.LONG,
                    30_000L,
                    Range.between(1L, 3_600_000L),
                    Importance.LOW,
                    "Largest backoff between attempts after transient failures.")
            .define(
                    RETRY_MAX_ELAPSED_MS,
                    Type.LONG,
                    86_400_000L,
                    Range.atLeast(1_000L),
                    Importance.MEDIUM,
                    "How long a record keeps retrying transient failures (server down) before it is dead-lettered.")
            .define(
                    PERMANENT_ATTEMPTS,
                    Type.INT,
                    2,
                    Range.between(1, 10),
                    Importance.LOW,
                    "Attempts for a permanent model error (model not found, 4xx) before the record is dead-lettered.")
            .define(
                    PUNCTUATE_MS,
                    Type.LONG,
                    200L,
                    Range.between(10L, 60_000L),
                    Importance.LOW,
                    "How often completed model calls are forwarded and due retries re-submitted. While records wait "
                            + "only for a free call slot, the task keeps forwarding calls as they finish and starting "
                            + "the next ones for up to this long, so a fast model server is not held to one batch "
                            + "per interval.")
            .define(
                    MAX_PENDING,
                    Type.INT,
                    1_000,
                    Range.between(1, 1_000_000),
                    Importance.MEDIUM,
                    "Records a stream task holds at once (in a model call, waiting for a slot or for a retry). At this "
                            + "many the task stops taking input: it waits for calls to finish before it accepts the "
                            + "next record, so a backlog stays in the input topic instead of the task's store and heap. "
                            + "Must be at least " + CONCURRENCY + ".")
            .define(
                    INTAKE_MAX_BLOCK_MS,
                    Type.LONG,
                    5_000L,
                    Range.between(0L, 8_000L),
                    Importance.LOW,
                    "How long a full task waits for room, per pass of its stream thread, before it takes the "
                            + "next record anyway. Kept below the exactly-once transaction timeout (10 s) and far "
                            + "below max.poll.interval.ms; while the model server is down the backlog therefore "
                            + "still grows, by at most one record per task each this many milliseconds.")
            .define(
                    MAX_RECORD_BYTES,
                    Type.INT,
                    900 * 1024,
                    Range.between(1024, PendingEntry.MAX_RECORD_BYTES),
                    Importance.MEDIUM,
                    "Largest input record (key plus value, in bytes) the enrich stage takes. A larger one is "
                            + "dead-lettered with its topic, partition and offset before anything is stored, since "
                            + "its pending entry could not be written to the task's changelog (at most "
                            + PendingEntry.MAX_RECORD_BYTES + ", below the 1 MB a changelog record may take).")
            .define(
                    MAX_OUTPUT_BYTES,
                    Type.INT,
                    1_000_000,
                    Range.atLeast(1024),
                    Importance.LOW,
                    "Largest enrichment (serialized, in bytes) the enrich stage sends. A larger one (a model answer or "
                            + "extracted values out of all proportion) is dead-lettered with its input's position "
                            + "instead of failing the task at every restart; an analysis larger than this is not "
                            + "cached. Keep it below the producer's max.request.size and the topics' "
                            + "max.message.bytes (1 MB by default).")
            .define(
                    IMAGE_MAX_PIXELS,
                    Type.LONG,
                    200_000_000L,
                    Range.atLeast(1_000_000L),
                    Importance.MEDIUM,
                    "Largest image, in pixels (width times height as its header declares them), sent to the vision"
                            + " model. A record whose original claims more (a decompression bomb: a small PNG claiming"
                            + " 40,000 x 40,000 pixels) is dead-lettered naming its file and this limit; the header is"
                            + " read without decoding the image. Same default as ingest's extract.image.max.pixels.")
            .define(
                    TAXONOMY_PATH,
                    Type.STRING,
                    "",
                    new ConfigDef.NonNullValidator(),
                    Importance.HIGH,
                    "Records-schedule YAML (the --taxonomy option). Empty: the shipped NARA GRS default.")
            .define(
                    PIPELINE_VERSION,
                    Type.STRING,
                    defaultPipelineVersion(),
                    new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "RecordFlow version recorded in provenance.")
            .define(
                    PROMPT_VERSION,
                    Type.STRING,
                    "",
                    new ConfigDef.NonNullValidator(),
                    Importance.MEDIUM,
                    "Prompt version recorded in provenance and used in the analysis-cache key. Empty: the analyzer's own "
                            + "version (e.g. one-call-v1+classify-v1+summary-v1).")
            .define(
                    OUTPUT_TOPIC,
                    Type.STRING,
                    Topics.ENRICHED.name(),
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Topic every enrichment is written to.")
            .define(
                    REVIEW_TOPIC,
                    Type.STRING,
                    Topics.REVIEW.name(),
                    new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Topic of enrichments that need a human.")
            .define(
                    DLQ_TOPIC,
                    Type.STRING,
                    Topics.DLQ.name(),
                    new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Topic of enrich-stage dead letters.")
            .define(
                    AUDIT_TOPIC,
                    Type.STRING,
                    Topics.AUDIT.name(),
                    new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Topic of the per-step audit events.")
            .define(
                    HUMAN_PRECEDENCE,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "Keep human review decisions (provider 'human' on " + Topics.ENRICHED.name() + ") when a record is "
                            + "enriched again: the human classification is emitted with the model's new answer as an "
                            + "alternative. false emits pure model output (side-topic replays for comparison).")
            .define(
                    INPUT_STOP_OFFSETS,
                    Type.LIST,
                    "",
                    Importance.LOW,
                    "partition:offset pairs; input records at or beyond a partition's offset are skipped (the end of "
                            + "a replay range). Empty: no end.")
            .define(
                    BLOB_ROOTS,
                    Type.LIST,
                    "",
                    new ConfigDef.NonNullValidator(),
                    Importance.HIGH,
                    "Folders of the blob store, the same folder ingest and the archive sink know as blob.root. Full "
                            + "texts (fullTextUri) and images for the vision model (contentUri) are read only from "
                            + "files whose real path lies under one of them; a record naming anything else is "
                            + "dead-lettered. Empty: no file named by a record is read at all.")
            .define(
                    CACHE_ENABLED,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "Serve analyses already paid for from the shared cache topic " + Topics.ANALYSIS_CACHE.name()
                            + " (read as a global store, written through) instead of calling the model again, across "
                            + "every enrich application and replay. false: every record is sent to the model.")
            .define(
                    CACHE_RETENTION_MS,
                    Type.LONG,
                    -1L,
                    Range.atLeast(-1L),
                    Importance.LOW,
                    "How long cache entries are kept (ms, -1 or at least 1), applied as retention.ms when the cache topic is created "
                            + "(cleanup.policy=compact,delete when finite). -1: kept until overwritten (compact only). "
                            + "An existing topic keeps its own settings.")
            .define(
                    CACHE_RETENTION_BYTES,
                    Type.LONG,
                    -1L,
                    Range.atLeast(-1L),
                    Importance.LOW,
                    "Largest size of each cache-topic partition in bytes (-1 or at least 1), applied as retention.bytes when the "
                            + "cache topic is created (cleanup.policy=compact,delete when finite). -1: no size bound. "
                            + "An existing topic keeps its own settings.");

    private final Map<String, String> env;

    public EnrichConfig(Map<?, ?> props) {
        this(props, System.getenv());
    }

    public EnrichConfig(Map<?, ?> props, Map<String, String> env) {
        super(CONFIG, props);
        this.env = Map.copyOf(env);
        validate();
    }

    private void validate() {
        stopOffsets();
        if (getList(BLOB_ROOTS).stream().anyMatch(String::isBlank)) {
            throw new ConfigException(BLOB_ROOTS, getList(BLOB_ROOTS), "a blob root must not be blank");
        }
        if ("openai-compatible".equals(provider()) && getString(BASE_URL).isBlank()) {
            throw new ConfigException(BASE_URL, "", "openai-compatible needs the server URL, e.g. http://vllm:8000/v1");
        }
        if (!getString(VISION_MODEL).isBlank() && !"ollama".equals(provider())) {
            throw new ConfigException(
                    VISION_MODEL, getString(VISION_MODEL), "vision models are only supported with provider ollama");
        }
        if (getInt(MAX_PENDING) < getInt(CONCURRENCY)) {
            throw new ConfigException(
                    MAX_PENDING,
                    getInt(MAX_PENDING),
                    "must be >= " + CONCURRENCY + " (" + getInt(CONCURRENCY)
                            + "), or calls could never fill the slots");
        }
        if (getInt(CONCURRENCY_INITIAL) > getInt(CONCURRENCY_MAX)) {
            throw new ConfigException(
                    CONCURRENCY_INITIAL,
                    getInt(CONCURRENCY_INITIAL),
                    "must be <= " + CONCURRENCY_MAX + " (" + getInt(CONCURRENCY_MAX) + ")");
        }
        if (getLong(CACHE_RETENTION_MS) == 0 || getLong(CACHE_RETENTION_BYTES) == 0) {
            String key = getLong(CACHE_RETENTION_MS) == 0 ? CACHE_RETENTION_MS : CACHE_RETENTION_BYTES;
            throw new ConfigException(
                    key,
                    0,
                    "would delete every cache entry at once; use -1 for no bound or " + CACHE_ENABLED + "=false");
        }
        if (getLong(RETRY_MAX_MS) < getLong(RETRY_INITIAL_MS)) {
            throw new ConfigException(RETRY_MAX_MS, getLong(RETRY_MAX_MS), "must be >= " + RETRY_INITIAL_MS);
        }
    }

    public String provider() {
        return getString(PROVIDER);
    }

    /** Configured model, or the provider's default. */
    public String model() {
        String model = getString(MODEL);
        if (!model.isBlank()) {
            return model;
        }
        return "local".equals(provider()) ? LocalEmbeddings.MODEL : DEFAULT_MODEL;
    }

    public String visionModel() {
        return getString(VISION_MODEL);
    }

    /** Base URL: the setting, else OLLAMA_HOST (scheme added when missing), else the Ollama default. */
    public String baseUrl() {
        String url = getString(BASE_URL);
        return url.isBlank() ? ollamaUrl(env) : url;
    }

    /** Where Ollama listens when no base URL is set: {@value #OLLAMA_HOST_ENV} (scheme added when missing), else the default. */
    public static String ollamaUrl(Map<String, String> env) {
        String host = env.get(OLLAMA_HOST_ENV);
        if (host == null || host.isBlank()) {
            return DEFAULT_OLLAMA_URL;
        }
        return host.contains("://") ? host : "http://" + host;
    }

    public Password apiKey() {
        return getPassword(API_KEY);
    }

    public Duration timeout() {
        return Duration.ofMillis(getLong(TIMEOUT_MS));
    }

    public int numCtx() {
        return getInt(NUM_CTX);
    }

    public double temperature() {
        return getDouble(TEMPERATURE);
    }

    public int seed() {
        return getInt(SEED);
    }

    public int concurrency() {
        return getInt(CONCURRENCY);
    }

    /** Whether model calls are admitted by the instance's adaptive limit ({@value #CONCURRENCY_STRATEGY}). */
    public boolean adaptiveConcurrency() {
        return STRATEGY_ADAPTIVE.equals(getString(CONCURRENCY_STRATEGY));
    }

    public int maxConcurrency() {
        return getInt(CONCURRENCY_MAX);
    }

    public int initialConcurrency() {
        return getInt(CONCURRENCY_INITIAL);
    }

    public double confidenceThreshold() {
        return getDouble(CONFIDENCE_THRESHOLD);
    }

    public double sensitivityThreshold() {
        return getDouble(SENSITIVITY_THRESHOLD);
    }

    public double injectionThreshold() {
        return getDouble(INJECTION_THRESHOLD);
    }

    public int repairAttempts() {
        return getInt(REPAIR_ATTEMPTS);
    }

    public Duration retryInitialBackoff() {
        return Duration.ofMillis(getLong(RETRY_INITIAL_MS));
    }

    public Duration retryMaxBackoff() {
        return Duration.ofMillis(getLong(RETRY_MAX_MS));
    }

    public Duration retryMaxElapsed() {
        return Duration.ofMillis(getLong(RETRY_MAX_ELAPSED_MS));
    }

    public int permanentFailureAttempts() {
        return getInt(PERMANENT_ATTEMPTS);
    }

    public int maxPendingRecords() {
        return getInt(MAX_PENDING);
    }

    public Duration intakeMaxBlock() {
        return Duration.ofMillis(getLong(INTAKE_MAX_BLOCK_MS));
    }

    /** Largest key plus value of an input record, in bytes, that is enriched rather than dead-lettered. */
    public int maxRecordBytes() {
        return getInt(MAX_RECORD_BYTES);
    }

    /** Largest image, in declared pixels, attached for the vision model. */
    public long imageMaxPixels() {
        return getLong(IMAGE_MAX_PIXELS);
    }

    public Duration punctuateInterval() {
        return Duration.ofMillis(getLong(PUNCTUATE_MS));
    }

    public String taxonomyPath() {
        return getString(TAXONOMY_PATH);
    }

    /** The records schedule: the file at {@value #TAXONOMY_PATH} (the --taxonomy option) or the shipped default. */
    public io.recordflow.enrich.taxonomy.Taxonomy taxonomy() {
        return io.recordflow.enrich.taxonomy.TaxonomyLoader.load(taxonomyPath());
    }

    public String pipelineVersion() {
        return getString(PIPELINE_VERSION);
    }

    /** The configured prompt version, or {@code analyzerVersion} when none is set. */
    public String promptVersion(String analyzerVersion) {
        String version = getString(PROMPT_VERSION);
        return version.isBlank() ? analyzerVersion : version;
    }

    public int maxOutputBytes() {
        return getInt(MAX_OUTPUT_BYTES);
    }

    public String outputTopic() {
        return getString(OUTPUT_TOPIC);
    }

    public String reviewTopic() {
        return getString(REVIEW_TOPIC);
    }

    public String dlqTopic() {
        return getString(DLQ_TOPIC);
    }

    public String auditTopic() {
        return getString(AUDIT_TOPIC);
    }

    public boolean humanPrecedence() {
        return getBoolean(HUMAN_PRECEDENCE);
    }

    /** The blob store folders records' URIs are confined to; empty when none is configured. */
    public BlobRoots blobRoots() {
        return BlobRoots.of(
                getList(BLOB_ROOTS).stream().map(String::trim).map(Path::of).toList());
    }

    public boolean cacheEnabled() {
        return getBoolean(CACHE_ENABLED);
    }

    /**
     * Topic configs of the analysis-cache topic: compacted, and deleted by age or size as well where
     * {@value #CACHE_RETENTION_MS} or {@value #CACHE_RETENTION_BYTES} is finite.
     */
    public Map<String, String> cacheTopicConfigs() {
        long retentionMs = getLong(CACHE_RETENTION_MS);
        long retentionBytes = getLong(CACHE_RETENTION_BYTES);
        Map<String, String> configs = new TreeMap<>();
        boolean bounded = retentionMs >= 0 || retentionBytes >= 0;
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, bounded ? "compact,delete" : TopicConfig.CLEANUP_POLICY_COMPACT);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retentionMs));
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(retentionBytes));
        return configs;
    }

    /** Per input partition, the first offset not to process (replay range ends); empty when unbounded. */
    public Map<Integer, Long> stopOffsets() {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (String pair : getList(INPUT_STOP_OFFSETS)) {
            String[] parts = pair.trim().split(":");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                offsets.put(Integer.parseInt(parts[0].trim()), Long.parseLong(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(INPUT_STOP_OFFSETS, pair, "expected partition:offset");
            }
        }
        return offsets;
    }

    private static String defaultPipelineVersion() {
        String version = EnrichConfig.class.getPackage().getImplementationVersion();
        return "recordflow-enrich " + (version == null ? "0.1.0-SNAPSHOT" : version);
    }
}
