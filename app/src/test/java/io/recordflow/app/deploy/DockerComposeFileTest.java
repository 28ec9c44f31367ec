package io.recordflow.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recordflow.app.RecordFlow;
import io.recordflow.app.config.ConfigSources;
import io.recordflow.app.config.EnrichServiceConfig;
import io.recordflow.sink.archive.ArchiveSinkConfig;
import io.recordflow.sink.archive.RecordsArchiveSinkConnector;
import io.recordflow.sink.jdbc.RecordsJdbcSinkConnector;
import io.recordflow.topics.SinkDeadLetterTopic;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Validates docker/docker-compose.yml and docker/connect/*.json as files (no Docker engine needed): the services
 * the deployment promises, their health checks and start order, Kafka's replication settings, the enrich
 * replicas' wiring and the Connect worker's plugin and connectors.
 */
class DockerComposeFileTest {

    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    private static final List<String> LONG_RUNNING =
            List.of("kafka-1", "kafka-2", "kafka-3", "schema-registry", "ollama", "enrich", "connect", "postgres");
    private static final String PLUGIN_BUILD_DIR = "../sink/target/recordflow-sink-plugin";
    /** Read by log4j2.properties rather than by a command's configuration. */
    private static final Set<String> LOGGING_ENV = Set.of("RECORDFLOW_LOG_FORMAT", "RECORDFLOW_LOG_LEVEL");

    /** Keys Kafka Connect itself reads from a connector's configuration. */
    private static final Pattern FRAMEWORK_KEYS = Pattern.compile("name|connector\\.class|tasks\\.max|topics(\\.regex)?"
            + "|(key|value|header)\\.converter(\\..+)?|errors\\..+|transforms(\\..+)?|predicates(\\..+)?"
            + "|config\\.action\\.reload|consumer\\.override\\..+");

    /** The dead-letter topic each sink connector uses, as local mode names it. */
    private static final Map<String, SinkDeadLetterTopic> SINK_DEAD_LETTERS = Map.of(
            RecordsArchiveSinkConnector.class.getName(), Topics.ARCHIVE_SINK_DLQ,
            RecordsJdbcSinkConnector.class.getName(), Topics.JDBC_SINK_DLQ);

    private final DeploymentFiles files = DeploymentFiles.locate();
    private final Map<String, Object> compose = files.compose();
    private final Map<String, Map<String, Object>> services = map(compose.get("services"));

    @Test
    void shouldDefineEveryServiceOfTheDeployment() {
        assertThat(services).containsKeys(LONG_RUNNING.toArray(String[]::new));
        assertThat(services).containsKeys("kafka-init", "ollama-pull", "connect-init");
        assertThat(image("schema-registry")).startsWith("confluentinc/cp-schema-registry:");
        assertThat(image("ollama")).startsWith("ollama/ollama:");
        assertThat(image("postgres")).startsWith("postgres:");
        BROKERS.forEach(b -> assertThat(image(b)).as(b).startsWith("apache/kafka:"));
        assertThat(map(services.get("enrich").get("deploy")).get("replicas")).isEqualTo(2);
    }

    @Test
    void shouldPinEveryImageToAVersion() {
        services.forEach((name, service) -> {
            String image = (String) service.get("image");
            assertThat(image)
                    .as("image of %s", name)
                    .isNotNull()
                    .matches("[a-z0-9./-]+:[A-Za-z0-9._-]+")
                    .doesNotEndWith(":latest");
        });
    }

    @Test
    void shouldGiveEveryLongRunningServiceAHealthcheckAndEveryOneShotNoRestart() {
        services.forEach((name, service) -> {
            boolean oneShot = "no".equals(service.get("restart"));
            if (oneShot) {
                assertThat(service).as("one-shot %s", name).doesNotContainKey("healthcheck");
            } else {
                assertThat(service.get("restart"))
                        .as("restart policy of %s", name)
                        .isEqualTo("unless-stopped");
                Map<String, Object> healthcheck = map(service.get("healthcheck"));
                assertThat(healthcheck).as("healthcheck of %s", name).isNotNull();
                assertThat(list(healthcheck.get("test")))
                        .as("healthcheck test of %s", name)
                        .hasSizeGreaterThan(1)
                        .first()
                        .isIn("CMD", "CMD-SHELL");
            }
        });
        LONG_RUNNING.forEach(name -> assertThat(services.get(name)).as(name).containsKey("healthcheck"));
    }

    @Test
    void shouldStartServicesOnlyAfterWhatTheyDependOnIsHealthyOrDone() {
        services.forEach((name, service) -> {
            Map<String, Map<String, Object>> dependsOn = map(service.getOrDefault("depends_on", Map.of()));
            dependsOn.forEach((target, options) -> {
                assertThat(services).as("%s depends on %s", name, target).containsKey(target);
                boolean targetIsOneShot = "no".equals(services.get(target).get("restart"));
                assertThat(options.get("condition"))
                        .as("condition of %s -> %s", name, target)
                        .isEqualTo(targetIsOneShot ? "service_completed_successfully" : "service_healthy");
            });
        });
    }

    @Test
    void shouldRunThreeKraftNodesWithReplicationFactorThreeAndMinIsrTwo() {
        Set<String> nodeIds = new HashSet<>();
        Set<String> clusterIds = new HashSet<>();
        for (String broker : BROKERS) {
            Map<String, String> env = environment(broker);
            nodeIds.add(env.get("KAFKA_NODE_ID"));
            clusterIds.add(env.get("CLUSTER_ID"));
            assertThat(env.get("KAFKA_PROCESS_ROLES")).as(broker).isEqualTo("broker,controller");
            assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                    .isEqualTo("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
            assertThat(env)
                    .as(broker)
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false");
            assertListenersConsistent(broker, env);
            assertThat(list(services.get(broker).get("volumes")))
                    .as("data volume of %s", broker)
                    .anySatisfy(v -> assertThat((String) v).endsWith(":/var/lib/kafka/data"));
        }
        assertThat(nodeIds).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(clusterIds).hasSize(1).doesNotContainNull();
    }

    @Test
    void shouldCreateTheRecordTopicsWithTheClusterReplicationSettings() throws Exception {
        Map<String, String> env = environment("kafka-init");
        assertThat(env).containsEntry("REPLICATION_FACTOR", "3").containsEntry("MIN_INSYNC_REPLICAS", "2");
        String script = Files.readString(mountedSource("kafka-init", "/opt/recordflow/create-topics.sh"));
        for (String topic : List.of(
                "records.ingested.v1",
                "records.enriched.v1",
                "records.review.v1",
                "records.dlq.v1",
                "records.audit.v1")) {
            assertThat(script).as("create-topics.sh").containsPattern("(?m)^create " + Pattern.quote(topic) + "\\s");
        }
        assertThat(script)
                .as("create-topics.sh creates the shared analysis cache compacted")
                .containsPattern(
                        "(?m)^create " + Pattern.quote(Topics.ANALYSIS_CACHE.name()) + "\\s.*cleanup\\.policy=compact");
    }

    @Test
    void shouldShareOneApplicationIdAndPointEnrichReplicasAtRegistryOllamaAndBrokers() {
        Map<String, Object> enrich = services.get("enrich");
        assertThat(list(enrich.get("command"))).containsExactly("enrich");
        assertThat(map(enrich.get("build")).get("dockerfile")).isEqualTo("docker/Dockerfile");
        assertThat(files.dockerDir().resolve("Dockerfile"))
                .content()
                .contains("COPY --chown=recordflow:recordflow app/target/recordflow.jar")
                .containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"-jar\", \"[^\"]*recordflow.jar\"\\]");

        Map<String, String> env = environment("enrich");
        // One service with replicas: every instance gets the same application id, so they form one Streams group.
        assertThat(env.get("RECORDFLOW_APPLICATION_ID")).isNotBlank();
        assertThat(env).containsEntry("RECORDFLOW_ENRICH_PROVIDER", "ollama");
        assertThat(env.get("RECORDFLOW_ENRICH_MODEL")).isNotBlank();
        assertServiceUrl(env.get("RECORDFLOW_SCHEMA_REGISTRY_URL"), "schema-registry", 8081);
        assertServiceUrl(env.get("OLLAMA_HOST"), "ollama", 11434);
        assertThat(env.get("RECORDFLOW_BOOTSTRAP_SERVERS").split(","))
                .containsExactlyInAnyOrder("kafka-1:9092", "kafka-2:9092", "kafka-3:9092");
        assertThat(environment("schema-registry").get("SCHEMA_REGISTRY_LISTENERS"))
                .endsWith(":8081");
    }

    @Test
    void shouldGiveTheEnrichServiceOnlySettingsTheEnrichCommandReads() {
        assertThat(RecordFlow.commandLine().getSubcommands()).containsKey("enrich");
        Map<String, String> env = environment("enrich");
        List<String> unread = new ArrayList<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ConfigSources.ENV_PREFIX)
                    && !LOGGING_ENV.contains(name)
                    && !EnrichServiceConfig.isKnown(ConfigSources.envToKey(name))) {
                unread.add(name + " (" + ConfigSources.envToKey(name) + ")");
            }
        });
        assertThat(unread)
                .as("RECORDFLOW_* variables of enrich that 'recordflow enrich' does not read")
                .isEmpty();
        // The settings must also be valid: build the service configuration from exactly this environment.
        Map<String, String> settings = EnrichServiceConfig.read(null, env);
        EnrichServiceConfig config = new EnrichServiceConfig(ConfigSources.load(null, env, Map.of()), settings, env);
        assertThat(config.enrich().provider()).isEqualTo("ollama");
        assertThat(config.enrich().baseUrl()).isEqualTo(env.get("OLLAMA_HOST"));
        assertThat(config.client().applicationId()).isEqualTo(env.get("RECORDFLOW_APPLICATION_ID"));

        int port = config.metricsPort();
        assertThat(list(services.get("enrich").get("expose"))).contains(String.valueOf(port));
        List<Object> healthcheck =
                list(map(services.get("enrich").get("healthcheck")).get("test"));
        assertThat(healthcheck)
                .as("enrich healthcheck asks the service's /health")
                .contains("http://localhost:" + port + "/health");
        assertThat(files.dockerDir().resolve("Dockerfile")).content().containsPattern("(?m)^EXPOSE " + port + "$");
    }

    @Test
    void shouldMountTheRecordFlowPluginOnTheConnectWorkersPluginPath() {
        Properties worker =
                files.properties(mountedSource("connect", "/etc/recordflow/connect-distributed.properties"));
        assertThat(list(services.get("connect").get("command")))
                .containsExactly(
                        "/opt/kafka/bin/connect-distributed.sh", "/etc/recordflow/connect-distributed.properties");

        String pluginMount = mountTarget("connect", PLUGIN_BUILD_DIR);
        List<String> pluginPath = Arrays.stream(
                        worker.getProperty("plugin.path", "").split(","))
                .map(String::trim)
                .toList();
        assertThat(pluginPath)
                .as("plugin.path")
                .anySatisfy(dir -> assertThat(pluginMount).startsWith(dir + "/"));
        assertThat(worker).containsEntry("plugin.discovery", "service_load");
        for (String key : List.of(
                "config.storage.replication.factor",
                "offset.storage.replication.factor",
                "status.storage.replication.factor")) {
            assertThat(worker.getProperty(key)).as(key).isEqualTo("3");
        }
        assertThat(worker.getProperty("bootstrap.servers").split(","))
                .containsExactlyInAnyOrder("kafka-1:9092", "kafka-2:9092", "kafka-3:9092");
        assertSinkClassExists(worker.getProperty("value.converter"), "connect-distributed.properties");
        assertServiceUrl(worker.getProperty("value.converter.schema.registry.url"), "schema-registry", 8081);
    }

    @Test
    void shouldRegisterEveryConnectorFileThroughTheOneShotService() {
        assertThat(mountTarget("connect-init", "./connect")).isEqualTo("/connectors");
        assertThat(list(services.get("connect-init").get("entrypoint"))).contains("/connectors/register-connectors.sh");
        assertThat(files.connectorConfigs().keySet())
                .extracting(p -> p.getFileName().toString())
                .contains("records-jdbc-sink.json", "records-archive-sink.json");
    }

    @TestFactory
    Stream<DynamicTest> shouldNameExistingConnectorClassesAndRouteBadRecordsToADeadLetterTopic() throws Exception {
        String topicScript = Files.readString(files.dockerDir().resolve("kafka/create-topics.sh"));
        return files.connectorConfigs().entrySet().stream()
                .map(entry ->
                        DynamicTest.dynamicTest(entry.getKey().getFileName().toString(), () -> {
                            String file = entry.getKey().getFileName().toString();
                            Map<String, String> config = entry.getValue();
                            assertThat(config.get("name"))
                                    .as("name in %s", file)
                                    .isEqualTo(file.replaceFirst("\\.json$", ""));

                            String connectorClass = config.get("connector.class");
                            assertThat(connectorClass)
                                    .as("connector.class in %s", file)
                                    .startsWith("io.recordflow.sink.");
                            Path packageDir = files.sinkSourceOf(connectorClass).getParent();
                            // A connector whose sink package has not been written yet is reported as skipped, not
                            // passed.
                            assumeTrue(
                                    Files.isDirectory(packageDir),
                                    () -> "sink package " + packageDir + " does not exist yet");
                            assertSinkClassExists(connectorClass, file);
                            assertSinkClassExists(config.get("value.converter"), file);
                            assertThat(keysTheConnectorIgnores(connectorClass, config))
                                    .as("keys of %s the connector does not define", file)
                                    .isEmpty();
                            assertServiceUrl(
                                    config.get("value.converter.schema.registry.url"), "schema-registry", 8081);

                            assertThat(config)
                                    .as(file)
                                    .containsEntry("errors.tolerance", "all")
                                    .containsEntry("errors.deadletterqueue.context.headers.enable", "true")
                                    .containsEntry("errors.deadletterqueue.topic.replication.factor", "3");
                            String dlq = config.get("errors.deadletterqueue.topic.name");
                            assertThat(SINK_DEAD_LETTERS)
                                    .as("connector classes with a dead-letter topic in Topics")
                                    .containsKey(connectorClass);
                            // Local mode (LocalPipeline) names the same topic, so dead letters look alike in both
                            // deployments.
                            assertThat(dlq)
                                    .as("DLQ topic of %s", file)
                                    .isEqualTo(SINK_DEAD_LETTERS
                                            .get(connectorClass)
                                            .name())
                                    .isNotEqualTo(config.get("topics"));
                            assertThat(topicScript)
                                    .as("create-topics.sh creates %s", dlq)
                                    .containsPattern("(?m)^create " + Pattern.quote(dlq) + "\\s");
                            assertThat(config.values())
                                    .as("secrets must come from the worker's config provider")
                                    .noneMatch(v -> v.toLowerCase().contains("change-me"));
                        }));
    }

    @Test
    void shouldStoreIngestedOriginalsWhereTheArchiveSinkReadsThem() throws Exception {
        String blobRoot = environment("ingest").get("RECORDFLOW_BLOB_ROOT");
        assertThat(mountTarget("ingest", "blobs")).as("ingest's blobs volume").isEqualTo(blobRoot);
        Map<String, String> archive = files.connectorConfigs().entrySet().stream()
                .filter(e -> e.getKey().getFileName().toString().equals("records-archive-sink.json"))
                .findFirst()
                .orElseThrow()
                .getValue();
        assertThat(archive.get(ArchiveSinkConfig.BLOB_ROOT))
                .as("blob.root of the archive sink")
                .isEqualTo(blobRoot);
        assertThat(mountTarget("connect", "blobs")).as("connect's blobs volume").startsWith(blobRoot);
        assertThat(environment("enrich").get("RECORDFLOW_ENRICH_BLOB_ROOTS"))
                .as("enrich.blob.roots of the enrich service")
                .isEqualTo(blobRoot);
        assertThat(mountTarget("enrich", "blobs")).as("enrich's blobs volume").isEqualTo(blobRoot);
    }

    /** Connector keys that neither the Connect framework nor the connector's ConfigDef knows: typos that Connect ignores. */
    private static List<String> keysTheConnectorIgnores(String connectorClass, Map<String, String> config)
            throws ReflectiveOperationException {
        Connector connector = (Connector)
                Class.forName(connectorClass).getDeclaredConstructor().newInstance();
        Set<String> defined = connector.config().configKeys().keySet();
        return config.keySet().stream()
                .filter(key ->
                        !defined.contains(key) && !FRAMEWORK_KEYS.matcher(key).matches())
                .sorted()
                .toList();
    }

    @Test
    void shouldDeclareEveryNamedVolumeAndFindEveryBindMountedFile() {
        Set<String> declared = map(compose.get("volumes")).keySet();
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> {
            for (Object volume : list(service.getOrDefault("volumes", List.of()))) {
                String source = ((String) volume).split(":")[0];
                if (source.startsWith(".")) {
                    Path path = files.dockerDir().resolve(source).normalize();
                    // Build outputs (the sink plugin) appear after `mvn package`: once their module is packaged (its
                    // jar is in target/), they must exist like everything checked in.
                    if (!Files.exists(path) && (!source.contains("/target/") || packaged(path))) {
                        problems.add(name + " mounts missing " + path);
                    }
                } else if (!declared.contains(source)) {
                    problems.add(name + " uses undeclared volume " + source);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldMountThePluginFolderTheSinkBuildWrites() throws Exception {
        Path mounted = files.dockerDir().resolve(PLUGIN_BUILD_DIR).normalize();
        Path sinkDir = files.repositoryRoot().resolve("sink");
        Document pom = xml(sinkDir.resolve("pom.xml"));
        List<String> folders = new ArrayList<>();
        NodeList executions = pom.getElementsByTagName("execution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            String finalName = text(execution, "finalName");
            String descriptor = text(execution, "descriptor");
            if (finalName == null || descriptor == null) {
                continue;
            }
            Document assembly = xml(sinkDir.resolve(descriptor));
            // A dir-format assembly without appended id or base directory writes its files to target/<finalName>/.
            if ("dir".equals(text(assembly.getDocumentElement(), "format"))
                    && "false".equals(text(execution, "appendAssemblyId"))
                    && "false".equals(text(assembly.getDocumentElement(), "includeBaseDirectory"))) {
                folders.add("target/" + finalName);
            }
        }
        assertThat(folders)
                .as("plugin folders the sink build writes (sink/pom.xml's dir-format assemblies)")
                .contains(sinkDir.relativize(mounted).toString());

        // After `mvn package` the folder holds the plugin: the same lib/ as the zip users unpack, and the manifest.
        assumeTrue(packaged(mounted), "sink is not packaged yet");
        assertThat(mounted.resolve("manifest.json")).isRegularFile();
        List<String> folderJars;
        try (Stream<Path> lib = Files.list(mounted.resolve("lib"))) {
            folderJars = lib.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Path zip;
        try (Stream<Path> target = Files.list(sinkDir.resolve("target"))) {
            zip = target.filter(p -> p.getFileName().toString().endsWith("-connect-plugin.zip"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no *-connect-plugin.zip in sink/target"));
        }
        List<String> zipJars;
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            zipJars = archive.stream()
                    .map(ZipEntry::getName)
                    .filter(n -> n.matches("[^/]+/lib/[^/]+\\.jar"))
                    .map(n -> n.substring(n.lastIndexOf('/') + 1))
                    .sorted()
                    .toList();
        }
        assertThat(folderJars)
                .as("lib/ of %s and of %s", mounted, zip.getFileName())
                .anyMatch(n -> n.startsWith("recordflow-sink-"))
                .isEqualTo(zipJars);
    }

    @Test
    void shouldSayWhatABalancedDistributedSoakProved() throws Exception {
        Path results = files.repositoryRoot().resolve("bench/results");
        List<String> proved = new ArrayList<>();
        try (Stream<Path> reports = Files.list(results)) {
            for (Path report : reports.filter(p -> p.getFileName().toString().matches("soak-.*\\.md"))
                    .toList()) {
                String text = Files.readString(report);
                Matcher digest = ProvedSettings.REPORT_LINE.matcher(text);
                if (text.contains("## Result: lost 0, duplicated 0") && digest.find()) {
                    proved.add(digest.group(1));
                }
            }
        }
        assertThat(proved)
                .as(
                        "settings of balanced soak reports in %s; the docker/ settings now are:%n%s%nrun bench/soak.sh "
                                + "(ci, or clean for a quick check) after changing them",
                        results, String.join("\n", ProvedSettings.lines(files)))
                .contains(ProvedSettings.digest(files));
    }

    /** Whether the module owning the build output {@code path} ({@code <module>/target/...}) has been packaged. */
    private static boolean packaged(Path path) {
        Path target = path;
        while (target != null && !target.getFileName().toString().equals("target")) {
            target = target.getParent();
        }
        if (target == null || !Files.isDirectory(target)) {
            return false;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    /** The text of the first {@code tag} element under {@code parent}, or null. */
    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    private void assertListenersConsistent(String broker, Map<String, String> env) {
        Set<String> protocols = new HashSet<>();
        for (String entry : env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) {
            protocols.add(entry.split(":")[0]);
        }
        Set<String> listeners = listenerNames(env.get("KAFKA_LISTENERS"));
        assertThat(protocols).as("protocol map of %s", broker).containsAll(listeners);
        assertThat(listeners)
                .as("listeners of %s", broker)
                .contains(env.get("KAFKA_CONTROLLER_LISTENER_NAMES"), env.get("KAFKA_INTER_BROKER_LISTENER_NAME"))
                .containsAll(listenerNames(env.get("KAFKA_ADVERTISED_LISTENERS")));
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS"))
                .as(broker)
                .contains("PLAINTEXT://" + broker + ":9092")
                .doesNotContain("CONTROLLER://");
    }

    private static Set<String> listenerNames(String listeners) {
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("([A-Z_]+)://").matcher(listeners);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private void assertServiceUrl(String url, String service, int port) {
        assertThat(url).as("URL of %s", service).isNotBlank();
        URI uri = URI.create(url);
        assertThat(uri.getHost()).as("host in %s", url).isEqualTo(service);
        assertThat(uri.getPort()).as("port in %s", url).isEqualTo(port);
        assertThat(services).as("service behind %s", url).containsKey(service);
    }

    private void assertSinkClassExists(String className, String where) {
        assertThat(className).as("class named in %s", where).isNotBlank();
        Path source = files.sinkSourceOf(className);
        assertThat(source).as("%s names %s", where, className).exists();
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        assertThat(source).content().containsPattern("public (final )?class " + simpleName + "\\b");
    }

    /** The host-side file of {@code service}'s bind mount at {@code containerPath}. */
    private Path mountedSource(String service, String containerPath) {
        for (Object volume : list(services.get(service).get("volumes"))) {
            String[] parts = ((String) volume).split(":");
            if (parts[1].equals(containerPath)) {
                Path source = files.dockerDir().resolve(parts[0]).normalize();
                assertThat(source)
                        .as("mount source of %s in %s", containerPath, service)
                        .exists();
                return source;
            }
        }
        throw new AssertionError(service + " mounts nothing at " + containerPath);
    }

    private String mountTarget(String service, String hostPath) {
        for (Object volume : list(services.get(service).get("volumes"))) {
            String[] parts = ((String) volume).split(":");
            if (parts[0].equals(hostPath)) {
                return parts[1];
            }
        }
        throw new AssertionError(service + " does not mount " + hostPath);
    }

    private String image(String service) {
        return (String) services.get(service).get("image");
    }

    private Map<String, String> environment(String service) {
        Map<String, Object> env = map(services.get(service).get("environment"));
        assertThat(env).as("environment of %s", service).isNotNull();
        Map<String, String> strings = new LinkedHashMap<>();
        // Compose requires string values; a bare number or boolean in YAML would be a typo waiting to happen.
        env.forEach((k, v) -> {
            assertThat(v).as("%s of %s must be a quoted string", k, service).isInstanceOf(String.class);
            strings.put(k, (String) v);
        });
        return strings;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object value) {
        return (Map<String, V>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
