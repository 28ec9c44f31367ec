package io.recordflow.app.soak;

import io.recordflow.app.deploy.DeploymentFiles;
import io.recordflow.app.deploy.ProvedSettings;
import io.recordflow.app.fixtures.ArchiveBags;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.ingest.corpus.VolumeCorpus;
import io.recordflow.topics.Topics;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * The distributed soak (not a test; {@code mvn -Psoak}, or bench/soak.sh): RecordFlow's production deployment as
 * separate OS processes on this machine (3 KRaft nodes, {@code recordflow registry}, an Ollama-protocol model server,
 * {@code ConnectDistributed} with the plugin unpacked from the built zip and docker/connect's connectors, two
 * {@code recordflow enrich} instances of one application, {@code recordflow ingest}), first scaled out from one enrich
 * instance to two and back, then fed while enrich instances, the Connect worker and a broker are killed with SIGKILL
 * and the model server fails, goes slow and goes away. At the end the books must balance with nothing lost and nothing
 * duplicated; the report goes to {@code bench/results/soak-<date>-<records>.md}.
 */
public final class DistributedSoak {

    private static final String MODEL = "llama3.1:8b";
    private static final String APPLICATION_ID = "recordflow-enrich";
    private static final int PARTITIONS = 6;
    private static final List<String> CONNECTORS = List.of("records-archive-sink", "records-jdbc-sink");
    static final String AVRO_PACKAGES =
            "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.recordflow.records,java.lang,java.util,java.math";

    /** The model server's fault bursts: each queues this many faulty answers, served to the next calls. */
    private static final List<String> MODEL_FAULTS = List.of(
            "kind=status&code=500&count=40",
            "kind=status&code=429&count=40",
            "kind=slow&ms=30000&count=6",
            "kind=truncated&count=15",
            "kind=notjson&count=15",
            "kind=empty&count=5");

    private final SoakSettings settings;
    private final Path work;
    private final Random random;
    private final long startNanos = System.nanoTime();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<SoakProcess> processes = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> kills = Collections.synchronizedMap(new TreeMap<>());
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SoakProgress progress;
    private String modelControl;

    private DistributedSoak(SoakSettings settings, Path work) {
        this.settings = settings;
        this.work = work;
        this.random = new Random(settings.seed());
    }

    public static void main(String[] args) throws Exception {
        Outcome outcome = run(SoakSettings.fromSystemProperties());
        System.exit(outcome.books().balanced() ? 0 : 1);
    }

    /**
     * Runs one soak in a folder of its own under the settings' work root (its name carries the time and this JVM's
     * pid, so two soaks never share one) and writes its report; every process it started is stopped on return.
     */
    static Outcome run(SoakSettings settings) throws Exception {
        Path work = Files.createDirectories(settings.workRoot()
                .resolve("soak-" + System.currentTimeMillis() + "-"
                        + ProcessHandle.current().pid()));
        return new DistributedSoak(settings, work).run();
    }

    private Outcome run() throws Exception {
        DeploymentFiles deployment = DeploymentFiles.locate();
        String provedSettings = ProvedSettings.digest(deployment);
        Path repo = deployment.repositoryRoot();
        Path jar = repo.resolve("app/target/recordflow.jar");
        Path pluginZip = pluginZip(repo.resolve("sink/target"));
        require(Files.isRegularFile(jar), jar + " is missing: run 'mvn -DskipTests package' first");

        VolumeCorpus.Plan plan = VolumeCorpus.smallTexts(work.resolve("corpus"), settings.records(), settings.seed());
        List<Path> batches = batches(work.resolve("corpus"), settings.batches());
        Path blobs = Files.createDirectories(work.resolve("blobs"));
        Path archive = Files.createDirectories(work.resolve("archive"));
        String database = "recordflow_soak_" + Long.toHexString(System.currentTimeMillis()) + "_"
                + ProcessHandle.current().pid();
        createDatabase(database);
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/" + database;
        String log4j = "-Dlog4j2.configurationFile=" + writeLog4jConfig();
        String classPath = System.getProperty("java.class.path");

        Map<String, Object> services = map(deployment.compose().get("services"));
        Map<String, String> kafkaEnv = strings(map(services.get("kafka-1")).get("environment"));
        SoakKafka kafka = SoakKafka.start(work, kafkaEnv, classPath, log4j);
        processes.addAll(kafka.nodes());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(this::sampleMemory, 1, 1, TimeUnit.SECONDS);
        String bootstrap = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await("3 brokers up", Duration.ofMinutes(3), () -> brokers(admin) == 3);
            event("cluster of 3 KRaft nodes up at " + bootstrap);
            Map<String, String> initEnv =
                    strings(map(services.get("kafka-init")).get("environment"));
            SoakTopics.create(
                    admin,
                    SoakTopics.fromScript(
                            deployment.dockerDir().resolve("kafka/create-topics.sh"),
                            Integer.parseInt(initEnv.get("PARTITIONS")),
                            Short.parseShort(initEnv.get("REPLICATION_FACTOR")),
                            initEnv.get("MIN_INSYNC_REPLICAS")));
            event("topics created from docker/kafka/create-topics.sh");

            // The registry, the model server and the Connect worker start together; the scale-out's backlog is
            // ingested as soon as the registry answers, while the worker is still starting.
            int registryPort = SoakProcess.freePort();
            String registryUrl = "http://127.0.0.1:" + registryPort;
            SoakProcess registry = process(
                    "registry",
                    SoakProcess.javaCommand(
                            List.of("-Xmx256m", AVRO_PACKAGES, log4j),
                            "-jar",
                            jar.toString(),
                            "registry",
                            "--bootstrap-servers",
                            bootstrap,
                            "--port",
                            Integer.toString(registryPort)),
                    Map.of());
            registry.start();

            Path modelPorts = work.resolve("model-server.ports");
            int numCtx = new EnrichConfig(Map.of(), Map.of()).numCtx();
            SoakProcess model = process(
                    "model-server",
                    SoakProcess.javaCommand(
                            List.of("-Xmx256m", "-cp", classPath, log4j),
                            SoakModelServer.class.getName(),
                            MODEL,
                            Integer.toString(numCtx),
                            Long.toString(settings.latencyMs()),
                            Integer.toString(settings.outOfTaxonomyEvery()),
                            modelPorts.toString()),
                    Map.of());
            model.start();

            Properties worker =
                    deployment.properties(deployment.dockerDir().resolve("connect/connect-distributed.properties"));
            SoakConnect connect = SoakConnect.start(
                    work, pluginZip, worker, bootstrap, registryUrl, workerClassPath(classPath, repo), log4j);
            processes.add(connect.worker());

            await("registry up", Duration.ofMinutes(2), () -> httpOk(registryUrl + "/subjects"));
            event("registry up at " + registryUrl);
            Ingest ingest = new Ingest(jar, bootstrap, registryUrl, blobs, log4j);
            progress = new SoakProgress(bootstrap, startNanos).start();
            int scaleOutBatches = settings.scaleOutBatches();
            int outageFrom = scaleOutBatches + settings.outageBatches();
            // The backlog is set-up: nothing else runs meanwhile but the Connect worker's start, so it is fed with more
            // workers; each ingest worker commits one transaction per file and waits out the broker's
            // CONCURRENT_TRANSACTIONS retry backoff before its next, so 2 workers fed only 7-25 records/s.
            Thread backlog = ingest.feed(
                    "soak-backlog", List.of(batches.subList(0, scaleOutBatches)), settings.backlogIngestParallelism());

            await("model server up", Duration.ofMinutes(1), () -> Files.exists(modelPorts));
            String[] modelUrls = Files.readString(modelPorts).strip().split(" ");
            modelControl = modelUrls[1];

            Map<String, Map<String, String>> connectors = new LinkedHashMap<>();
            deployment
                    .connectorConfigs()
                    .forEach((file, config) -> connectors.put(
                            config.get("name"),
                            SoakConnect.localConnector(
                                    config,
                                    registryUrl,
                                    jdbcUrl,
                                    archive,
                                    blobs,
                                    // Finish bags after 10 s rather than 15 min, so the soak ends with every bag
                                    // finished.
                                    config.containsKey("archive.dir") ? Map.of("bag.max.age.ms", "10000") : Map.of())));
            await("connectors registered", Duration.ofMinutes(3), () -> connect.register(connectors));
            await("connector tasks running", Duration.ofMinutes(3), () -> running(connect) == 4);
            event("Connect worker up with the plugin from " + pluginZip.getFileName() + "; connectors "
                    + connect.taskStates(CONNECTORS));

            List<SoakProcess> enrich = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                enrich.add(process(
                        "enrich-" + i,
                        SoakProcess.javaCommand(List.of("-Xmx512m", AVRO_PACKAGES), "-jar", jar.toString(), "enrich"),
                        enrichEnvironment(bootstrap, registryUrl, modelUrls[0], blobs, i)));
            }
            backlog.join();
            require(!ingest.failed(), "an ingest run failed; see " + work.resolve("ingest.log"));

            ScaleOut scaleOut = scaleOut(admin, enrich);
            // The outage before the kills and fault bursts: its recovery is then measured with no fault queued at the
            // model server and no process restarting.
            Recovery recovery = outage(admin, ingest, batches.subList(scaleOutBatches, outageFrom), scaleOut);
            faults(enrich, kafka, connect, registry, ingest, batches.subList(outageFrom, batches.size()));

            await(
                    "every ingested record enriched or dead-lettered",
                    settings.drainTimeout(),
                    () -> progress.ingested() >= plan.records() && progress.backlog() == 0);
            event("all " + progress.ingested() + " records enriched or dead-lettered");
            await(
                    "every enrichment in PostgreSQL and in a finished bag",
                    settings.drainTimeout(),
                    () -> rowCount(jdbcUrl) >= progress.enriched() && bagged(archive) >= progress.enriched());
            event("PostgreSQL and the archive hold every enrichment");
            long elapsedMs = progress.elapsedMs();
            int unservedFaults = settings.modelFaults() ? modelFaultsPending() : 0;
            if (unservedFaults > 0) {
                event(unservedFaults + " queued model fault answers were never served: no calls were left");
            }
            SoakBooks books = SoakBooks.count(plan.records(), bootstrap, registryUrl, jdbcUrl, archive);
            String report = SoakReport.write(
                    settings,
                    books,
                    scaleOut,
                    recovery,
                    kills,
                    events,
                    processes,
                    elapsedMs,
                    unservedFaults,
                    ingest.repeated(),
                    connect.taskStates(CONNECTORS),
                    provedSettings);
            Path file = reportFile(Files.createDirectories(settings.results()));
            Files.writeString(file, report, StandardCharsets.UTF_8);
            System.out.println(report);
            System.out.println("written to " + file.toAbsolutePath() + "; processes' logs in " + work);
            if (books.balanced()) {
                // Kept when the books do not balance, to look into.
                dropDatabase(database);
            }
            return new Outcome(
                    books,
                    scaleOut,
                    recovery,
                    Map.copyOf(kills),
                    unservedFaults,
                    ingest.repeated(),
                    elapsedMs,
                    file,
                    work);
        } finally {
            if (progress != null) {
                progress.close();
            }
            sampler.shutdownNow();
            stopAll();
        }
    }

    /** soak-&lt;date&gt;-&lt;records&gt;.md, or with -run&lt;n&gt; when an earlier soak of the day wrote that name. */
    private Path reportFile(Path results) {
        String base = "soak-" + LocalDate.now() + "-" + settings.records();
        Path file = results.resolve(base + ".md");
        for (int n = 2; Files.exists(file); n++) {
            file = results.resolve(base + "-run" + n + ".md");
        }
        return file;
    }

    /**
     * One instance, then two (partitions split, throughput measured), then one stopped cleanly and restarted. Nothing is
     * fed meanwhile: both windows measure enrichment of the backlog ingested before, and each ends early if the backlog
     * runs out (a window without one measures the feed).
     */
    private ScaleOut scaleOut(Admin admin, List<SoakProcess> enrich) throws Exception {
        enrich.get(0).start();
        event("enrich-1 started alone; backlog " + progress.backlog());
        await(
                "enrich-1 owns every partition",
                Duration.ofMinutes(3),
                () -> owners(admin).size() == 1
                        && owners(admin).values().iterator().next().size() == PARTITIONS);
        // Past its first calls (JIT, connections, the adaptive limit's climb from its initial value) before the window
        // opens: on a loaded machine the first 30 records came at 4 records/s, the next 900 at 15.
        int warm = Math.max(20, progress.backlog() / 12);
        await("enrich-1 making progress", Duration.ofMinutes(3), () -> progress.processed() >= warm);
        long window = settings.rateWindow().toMillis();
        long oneFrom = progress.elapsedMs();
        sleepUntilBacklogGoneOr(window);
        SoakProgress.Rate one = progress.rateWhileBacklog(oneFrom, oneFrom + window);
        event(String.format(
                Locale.ROOT,
                "one instance: %.1f records/s over %.1f s; backlog %d",
                one.perSecond(),
                one.seconds(),
                progress.backlog()));

        // Only now: a JVM starting on the same cores would slow enrich-1 down within its window.
        enrich.get(1).start();
        long addedAt = progress.elapsedMs();
        event("enrich-2 started");
        await("partitions split between two instances", Duration.ofMinutes(3), () -> splitBetweenTwo(owners(admin)));
        String split = describe(owners(admin));
        long splitMs = progress.elapsedMs() - addedAt;
        event("partitions split " + splitMs + " ms after enrich-2 started: " + split + "; backlog "
                + progress.backlog());
        long twoFrom = progress.elapsedMs();
        sleepUntilBacklogGoneOr(window);
        SoakProgress.Rate two = progress.rateWhileBacklog(twoFrom, twoFrom + window);
        event(String.format(
                Locale.ROOT,
                "two instances: %.1f records/s over %.1f s; backlog %d",
                two.perSecond(),
                two.seconds(),
                progress.backlog()));

        long stopAt = progress.elapsedMs();
        int exit = enrich.get(1).stop(Duration.ofSeconds(30));
        long stoppedMs = progress.elapsedMs() - stopAt;
        event("enrich-2 stopped with SIGTERM in " + stoppedMs + " ms, exit " + exit);
        await(
                "enrich-1 takes over every partition",
                Duration.ofMinutes(2),
                () -> owners(admin).size() == 1
                        && owners(admin).values().iterator().next().size() == PARTITIONS);
        long takeoverMs = progress.elapsedMs() - stopAt;
        event("enrich-1 owns all " + PARTITIONS + " partitions " + takeoverMs + " ms after SIGTERM to enrich-2");
        enrich.get(1).start();
        event("enrich-2 started again");
        return new ScaleOut(one, two, splitMs, split, stoppedMs, takeoverMs, exit);
    }

    private void sleepUntilBacklogGoneOr(long ms) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < deadline && progress.backlog() >= SoakProgress.MEASURABLE_BACKLOG) {
            sleep(250);
        }
    }

    /**
     * Feeds the last batches while the kills and fault bursts of the plan happen at random moments of the fault window;
     * returns when both are done.
     */
    private void faults(
            List<SoakProcess> enrich,
            SoakKafka kafka,
            SoakConnect connect,
            SoakProcess registry,
            Ingest ingest,
            List<Path> batches)
            throws Exception {
        long window = settings.faultWindow().toMillis();
        List<Fault> plan = new ArrayList<>();
        for (int i = 0; i < settings.enrichKills(); i++) {
            SoakProcess victim = enrich.get(random.nextInt(enrich.size()));
            plan.add(new Fault(random.nextLong(window), "kill -9 " + victim.name(), () -> killAndRestart(victim)));
        }
        for (int i = 0; i < settings.connectKills(); i++) {
            plan.add(new Fault(random.nextLong(window), "kill -9 connect", () -> killAndRestart(connect.worker())));
        }
        for (int i = 0; i < settings.brokerKills(); i++) {
            SoakProcess broker = kafka.nodes().get(random.nextInt(kafka.nodes().size()));
            plan.add(new Fault(random.nextLong(window), "kill -9 " + broker.name(), () -> killAndRestart(broker)));
        }
        // In the first half, while the fault phase's batches still flow: queued faults are served to the next calls.
        for (String burst : settings.modelFaults() ? MODEL_FAULTS : List.<String>of()) {
            plan.add(new Fault(random.nextLong(window / 2), "model " + burst, () -> control("/fault?" + burst)));
        }
        // Early in the window, while ingest still feeds: each new ingest process then registers against a dead
        // registry.
        for (int i = 0; i < settings.registryKills(); i++) {
            plan.add(new Fault(random.nextLong(window / 3), "kill -9 registry", () -> killAndRestart(registry)));
        }
        plan.sort((a, b) -> Long.compare(a.atMs(), b.atMs()));

        Thread feeder =
                ingest.feed("soak-ingest", batches.stream().map(List::of).toList(), settings.ingestParallelism());
        long faultStart = System.nanoTime();
        for (Fault fault : plan) {
            long wait = fault.atMs() - (System.nanoTime() - faultStart) / 1_000_000;
            if (wait > 0) {
                sleep(wait);
            }
            event(fault.what());
            fault.action().run();
        }
        feeder.join();
        require(!ingest.failed(), "an ingest run failed; see " + work.resolve("ingest.log"));
    }

    /**
     * Takes the model server down for the outage while the next batches are ingested, brings it back and measures how
     * long until the first new enrichment is committed and until throughput is back to half the two-instance rate of
     * the scale-out (or the backlog is gone). Nothing else happens meanwhile: no kill, no fault queued at the model
     * server, both enrich instances owning partitions.
     */
    private Recovery outage(Admin admin, Ingest ingest, List<Path> batches, ScaleOut scaleOut) throws Exception {
        if (settings.outage().isZero()) {
            return Recovery.NONE;
        }
        await("both enrich instances own partitions", Duration.ofMinutes(3), () -> splitBetweenTwo(owners(admin)));
        require(modelFaultsPending() == 0, "model faults queued before the outage");
        long downAt = progress.elapsedMs();
        control("/down");
        event("model server down (connections refused) for " + settings.outage().toSeconds() + " s, backlog "
                + progress.backlog() + "; ingesting " + batches.size() + " more batch(es) meanwhile");
        Thread feeder = ingest.feed(
                "soak-outage-ingest", batches.stream().map(List::of).toList(), settings.ingestParallelism());
        sleep(settings.outage().toMillis());
        int backlog = progress.backlog();
        control("/up");
        long upAt = progress.elapsedMs();
        event("model server back; backlog " + backlog);
        double baseline = scaleOut.two().perSecond() > 0
                ? scaleOut.two().perSecond()
                : scaleOut.one().perSecond();
        double threshold = baseline / 2;
        long trailing = 2_000;
        long deadline = System.nanoTime() + settings.recoveryLimit().toNanos();
        while (System.nanoTime() < deadline && progress.rateBackAfter(upAt, threshold, trailing) < 0) {
            sleep(250);
        }
        long first = progress.firstProgressAfter(upAt);
        long back = progress.rateBackAfter(upAt, threshold, trailing);
        event(String.format(
                Locale.ROOT,
                "first enrichment after the recovery: %s; throughput back to %.1f records/s (half the scale-out rate)"
                        + " or backlog gone: %s",
                first < 0 ? "none within " + settings.recoveryLimit().toSeconds() + " s" : (first - upAt) + " ms",
                threshold,
                back < 0 ? "not within " + settings.recoveryLimit().toSeconds() + " s" : (back - upAt) + " ms"));
        feeder.join();
        require(!ingest.failed(), "an ingest run failed; see " + work.resolve("ingest.log"));
        return new Recovery(
                settings.outage().toMillis(),
                backlog,
                first < 0 ? -1 : first - upAt,
                back < 0 ? -1 : back - upAt,
                threshold,
                trailing);
    }

    private int modelFaultsPending() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(modelControl + "/faults")).build(),
                HttpResponse.BodyHandlers.ofString());
        require(response.statusCode() == 200, "model server control /faults: " + response.body());
        return Integer.parseInt(response.body().strip());
    }

    private void killAndRestart(SoakProcess victim) throws Exception {
        victim.kill();
        kills.merge(victim.name(), 1, Integer::sum);
        long down = 2_000 + random.nextLong(Math.max(1, settings.killDownMax().toMillis() - 2_000));
        sleep(down);
        victim.start();
        event("  " + victim.name() + " restarted after " + down + " ms");
    }

    private void control(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(modelControl + path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        require(response.statusCode() == 200, "model server control " + path + ": " + response.body());
    }

    private Map<String, String> enrichEnvironment(
            String bootstrap, String registryUrl, String modelUrl, Path blobs, int instance) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RECORDFLOW_BOOTSTRAP_SERVERS", bootstrap);
        env.put("RECORDFLOW_SCHEMA_REGISTRY_URL", registryUrl);
        env.put("RECORDFLOW_APPLICATION_ID", APPLICATION_ID);
        env.put("RECORDFLOW_ENRICH_PROVIDER", "ollama");
        env.put("RECORDFLOW_ENRICH_MODEL", MODEL);
        env.put("RECORDFLOW_ENRICH_BASE_URL", modelUrl);
        env.put("RECORDFLOW_ENRICH_BLOB_ROOTS", blobs.toString());
        env.put("RECORDFLOW_REPLICATION_FACTOR", "3");
        env.put(
                "RECORDFLOW_STATE_DIR",
                Files.createDirectories(work.resolve("enrich-" + instance + "-state"))
                        .toString());
        env.put("RECORDFLOW_METRICS_PORT", Integer.toString(SoakProcess.freePort()));
        return env;
    }

    private SoakProcess process(String name, List<String> command, Map<String, String> env) {
        SoakProcess process = new SoakProcess(name, command, env, work, new AtomicLong());
        processes.add(process);
        return process;
    }

    /** The test class path without RecordFlow's own classes: the worker gets the sink only from its plugin.path. */
    private static String workerClassPath(String classPath, Path repo) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().startsWith(repo))
                .filter(entry -> !entry.contains("/io/recordflow/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Path pluginZip(Path sinkTarget) throws IOException {
        try (Stream<Path> files = Files.list(sinkTarget)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-connect-plugin.zip"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no *-connect-plugin.zip in " + sinkTarget + ": run 'mvn -DskipTests package' first"));
        }
    }

    /** Moves the corpus files into {@code count} sub-folders, fed one after another. */
    private static List<Path> batches(Path corpus, int count) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> batches = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            batches.add(
                    Files.createDirectories(corpus.resolveSibling("batches").resolve(String.format("batch-%02d", b))));
        }
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Files.move(file, batches.get(i % count).resolve(file.getFileName()));
        }
        return batches;
    }

    private Path writeLog4jConfig() throws IOException {
        Path file = work.resolve("log4j2-soak.properties");
        Files.writeString(file, """
                status = warn
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{ISO8601} %-5p [%t] %c{1}: %m%n
                rootLogger.level = warn
                rootLogger.appenderRef.console.ref = console
                logger.recordflow.name = io.recordflow
                logger.recordflow.level = info
                logger.connect.name = org.apache.kafka.connect.runtime.Worker
                logger.connect.level = info
                """);
        return file;
    }

    private static void createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    private static void dropDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static int rowCount(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM public.records")) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            // the sink creates the table with its first batch
            return 0;
        }
    }

    private static int bagged(Path archive) throws IOException {
        return ArchiveBags.in(archive).recordIds().size();
    }

    private static int brokers(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
        } catch (Exception e) {
            return 0;
        }
    }

    private static int running(SoakConnect connect) throws InterruptedException {
        return (int) connect.taskStates(CONNECTORS).stream()
                .filter(s -> s.endsWith("=RUNNING"))
                .count();
    }

    /** Members of the enrich group (by client id) and the records.ingested.v1 partitions each is assigned. */
    private static Map<String, List<Integer>> owners(Admin admin) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(APPLICATION_ID))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(APPLICATION_ID);
            Map<String, List<Integer>> owners = new TreeMap<>();
            for (MemberDescription member : group.members()) {
                owners.put(
                        member.clientId(),
                        member.assignment().topicPartitions().stream()
                                .filter(tp -> tp.topic().equals(Topics.INGESTED.name()))
                                .map(tp -> tp.partition())
                                .sorted()
                                .toList());
            }
            return owners;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static boolean splitBetweenTwo(Map<String, List<Integer>> owners) {
        return owners.size() == 2
                && owners.values().stream().allMatch(p -> !p.isEmpty())
                && owners.values().stream().mapToInt(List::size).sum() == PARTITIONS;
    }

    private static String describe(Map<String, List<Integer>> owners) {
        return owners.entrySet().stream()
                .map(e -> e.getKey().replaceFirst("-StreamThread.*", "") + " -> partitions " + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private boolean httpOk(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void sampleMemory() {
        for (SoakProcess process : List.copyOf(processes)) {
            process.sampleMemory();
        }
    }

    private void event(String what) {
        String line = String.format(Locale.ROOT, "%7.1f s  %s", progressSeconds(), what);
        events.add(line);
        System.out.println("soak " + Instant.now() + " " + line);
    }

    private double progressSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** SIGTERM to everything, newest first; the Kafka nodes together, as one alone cannot shut down without a quorum. */
    private void stopAll() {
        List<SoakProcess> reverse = new ArrayList<>(processes);
        Collections.reverse(reverse);
        for (SoakProcess process : reverse) {
            if (!process.name().startsWith("kafka-")) {
                stop(process);
            }
        }
        reverse.stream().filter(p -> p.name().startsWith("kafka-")).forEach(SoakProcess::signalStop);
        reverse.stream().filter(p -> p.name().startsWith("kafka-")).forEach(DistributedSoak::stop);
    }

    private static void stop(SoakProcess process) {
        try {
            process.stop(Duration.ofSeconds(30));
        } catch (Exception e) {
            System.err.println("soak: " + process.name() + " did not stop cleanly: " + e.getMessage());
        }
    }

    private static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("soak: not reached within " + timeout + ": " + what);
            }
            sleep(1_000);
        }
    }

    private static void sleep(long ms) throws InterruptedException {
        // The soak's own pacing (not a test's wait): real time passing is the point.
        TimeUnit.MILLISECONDS.sleep(ms);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("soak: " + message);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> strings = new LinkedHashMap<>();
        map(value).forEach((k, v) -> strings.put(k, String.valueOf(v)));
        return strings;
    }

    /** A condition polled until it holds. */
    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    /** An action of the fault plan. */
    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    private record Fault(long atMs, String what, Action action) {}

    /** The scale-out figures: throughput of one and of two instances, each over the part of its window with a backlog. */
    record ScaleOut(
            SoakProgress.Rate one,
            SoakProgress.Rate two,
            long splitMs,
            String split,
            long stopMs,
            long takeoverMs,
            int stopExit) {}

    /**
     * The outage's recovery, measured before any kill or queued model fault.
     *
     * @param outageMs         how long the model server refused connections
     * @param backlog          records ingested and not yet enriched when the server came back
     * @param firstProgressMs  from the server's return to the first newly committed enrichment (-1: none)
     * @param rateBackMs       from the server's return until throughput reached {@code threshold} (-1: not seen)
     * @param threshold        records/s counted as throughput back: half the scale-out's two-instance rate
     * @param trailingMs       the window throughput is measured over
     */
    record Recovery(
            long outageMs, int backlog, long firstProgressMs, long rateBackMs, double threshold, long trailingMs) {
        static final Recovery NONE = new Recovery(0, 0, -1, -1, 0, 0);
    }

    /** What a soak found: the books, its figures, its report and the folder with the processes' logs. */
    record Outcome(
            SoakBooks books,
            ScaleOut scaleOut,
            Recovery recovery,
            Map<String, Integer> kills,
            int unservedFaults,
            List<String> repeatedIngests,
            long elapsedMs,
            Path report,
            Path work) {}

    /** Runs {@code recordflow ingest} over one folder at a time, as an operator feeding the pipeline would. */
    private final class Ingest {
        private final List<String> base;
        private final AtomicLong peakResidentKb = new AtomicLong();
        private final List<String> repeated = new CopyOnWriteArrayList<>();
        private volatile boolean failed;

        Ingest(Path jar, String bootstrap, String registryUrl, Path blobs, String log4j) {
            this.base = SoakProcess.javaCommand(
                    List.of("-Xmx512m", AVRO_PACKAGES),
                    "-jar",
                    jar.toString(),
                    "ingest",
                    "--bootstrap-servers",
                    bootstrap,
                    "--registry-url",
                    registryUrl,
                    "--blob-root",
                    blobs.toString(),
                    "--isolation",
                    "in-process",
                    "--no-ocr");
        }

        private void run(List<Path> folders, int parallelism, boolean again) throws Exception {
            List<String> command = new ArrayList<>(base);
            command.add("--parallelism");
            command.add(Integer.toString(parallelism));
            folders.forEach(folder -> command.add(folder.toString()));
            SoakProcess ingest = new SoakProcess("ingest", command, Map.of(), work, peakResidentKb);
            processes.add(ingest);
            ingest.start();
            int exit = ingest.waitFor(Duration.ofMinutes(30));
            List<String> names =
                    folders.stream().map(f -> f.getFileName().toString()).toList();
            event("ingest " + names + " exit " + exit);
            if (exit != 0 && !again) {
                // What an operator does with exit 65 (files not written, named in ingest.log): run it again; ingest
                // is idempotent (record ids come from the content). Counted in the report, never hidden.
                repeated.add(names + " exit " + exit);
                run(folders, parallelism, true);
            } else if (exit != 0) {
                failed = true;
            }
        }

        /** The runs that failed once and were run again, with their first exit status. */
        List<String> repeated() {
            return List.copyOf(repeated);
        }

        boolean failed() {
            return failed;
        }

        /**
         * Ingests each group of folders in one run with {@code parallelism} workers, one run after the other, on a
         * thread of its own.
         */
        Thread feed(String name, List<List<Path>> runs, int parallelism) {
            Thread feeder = new Thread(
                    () -> {
                        try {
                            for (List<Path> folders : runs) {
                                run(folders, parallelism, false);
                            }
                        } catch (Exception e) {
                            failed = true;
                            event("ingest failed: " + e);
                        }
                    },
                    name);
            feeder.start();
            return feeder;
        }
    }
}
