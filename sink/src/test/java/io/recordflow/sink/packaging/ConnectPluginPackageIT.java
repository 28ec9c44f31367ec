package io.recordflow.sink.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordflow.sink.fixtures.PostgresSchema;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Loads the plugin folder built by {@code mvn package} the way a stock worker does: its {@code lib/} jars in their
 * own class loader on top of a "worker" loader that holds only Kafka, the Connect API and SLF4J. Proves the
 * package carries its dependencies and its {@code META-INF/services} entries.
 */
class ConnectPluginPackageIT {

    private static final List<String> WORKER_JARS =
            List.of("connect-api", "kafka-clients", "slf4j-api", "log4j-slf4j2-impl", "log4j-api", "log4j-core");

    /** The unpacked plugin folder the build writes at a fixed path (docker-compose.yml mounts it). */
    private static Path pluginDir() {
        Path dir = Path.of("target", "recordflow-sink-plugin");
        if (!Files.isDirectory(dir.resolve("lib"))) {
            throw new AssertionError("no plugin folder " + dir + " with lib/: run the package phase first");
        }
        return dir;
    }

    private static URL[] jars(Stream<Path> paths) {
        return paths.map(p -> {
                    try {
                        return p.toUri().toURL();
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toArray(URL[]::new);
    }

    private static ClassLoader workerLoader() {
        Stream<Path> jars = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> WORKER_JARS.stream()
                        .anyMatch(name -> p.getFileName().toString().startsWith(name + "-")));
        return new URLClassLoader(jars(jars), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void shouldInstallFromThePluginFolderWithItsDependenciesAndServiceEntries() throws Exception {
        Path plugin = pluginDir();
        JsonNode manifest =
                new ObjectMapper().readTree(plugin.resolve("manifest.json").toFile());
        assertThat(manifest.get("name").asText()).isEqualTo("recordflow-sink");
        assertThat(manifest.get("version").asText()).doesNotContain("${");
        assertThat(manifest.get("component_types")).extracting(JsonNode::asText).contains("sink", "converter");
        List<String> libs;
        try (Stream<Path> files = Files.list(plugin.resolve("lib"))) {
            libs = files.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(libs)
                .anyMatch(n -> n.startsWith("postgresql-"))
                .anyMatch(n -> n.startsWith("HikariCP-"))
                .noneMatch(n -> n.startsWith("kafka-clients-") || n.startsWith("connect-api-"));

        ClassLoader worker = workerLoader();
        try (Stream<Path> files = Files.list(plugin.resolve("lib"));
                URLClassLoader pluginLoader = new URLClassLoader(jars(files), worker)) {
            List<String> connectors = providers(worker, pluginLoader, "org.apache.kafka.connect.sink.SinkConnector");
            assertThat(connectors)
                    .containsExactlyInAnyOrder(
                            "io.recordflow.sink.jdbc.RecordsJdbcSinkConnector",
                            "io.recordflow.sink.archive.RecordsArchiveSinkConnector");
            assertThat(providers(worker, pluginLoader, "org.apache.kafka.connect.storage.Converter"))
                    .containsExactly("io.recordflow.sink.convert.RecordFlowAvroConverter");

            // The JDBC connector's validate() connects to PostgreSQL with the driver from the plugin's lib/.
            Object jdbc = pluginLoader
                    .loadClass("io.recordflow.sink.jdbc.RecordsJdbcSinkConnector")
                    .getConstructor()
                    .newInstance();
            Object config = jdbc.getClass()
                    .getMethod("validate", Map.class)
                    .invoke(jdbc, Map.of("connection.url", PostgresSchema.URL, "connection.user", PostgresSchema.USER));
            assertThat(errorCount(config)).isZero();

            // The converter configures its registry client, serdes and Avro from the plugin's lib/.
            Object converter = pluginLoader
                    .loadClass("io.recordflow.sink.convert.RecordFlowAvroConverter")
                    .getConstructor()
                    .newInstance();
            converter
                    .getClass()
                    .getMethod("configure", Map.class, boolean.class)
                    .invoke(converter, Map.of("schema.registry.url", "http://127.0.0.1:1"), false);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<String> providers(ClassLoader worker, ClassLoader plugin, String service) throws Exception {
        Class serviceType = worker.loadClass(service);
        List<String> names = new ArrayList<>();
        // Only what the plugin itself declares; the worker's own converters are visible through the parent too.
        ServiceLoader.load(serviceType, plugin).stream()
                .map(p -> ((ServiceLoader.Provider) p).type())
                .filter(type -> ((Class<?>) type).getClassLoader() == plugin)
                .forEach(type -> names.add(((Class<?>) type).getName()));
        return names;
    }

    private static int errorCount(Object config) throws Exception {
        int errors = 0;
        for (Object value :
                (List<?>) config.getClass().getMethod("configValues").invoke(config)) {
            Method messages = value.getClass().getMethod("errorMessages");
            errors += ((List<?>) messages.invoke(value)).size();
        }
        return errors;
    }
}
