package io.recordflow.app.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The soak's Connect worker: Apache Kafka's {@code ConnectDistributed} with docker/connect/connect-distributed.properties
 * (addresses substituted), the RecordFlow plugin unpacked from the zip the sink module builds into its
 * {@code plugin.path}, and docker/connect/*.json registered through the REST API as compose's connect-init does.
 */
final class SoakConnect {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SoakProcess worker;
    private final String restUrl;

    private SoakConnect(SoakProcess worker, String restUrl) {
        this.worker = worker;
        this.restUrl = restUrl;
    }

    /** Unpacks the plugin, writes the worker configuration and starts the worker. */
    static SoakConnect start(
            Path work,
            Path pluginZip,
            Properties composeWorker,
            String bootstrapServers,
            String registryUrl,
            String workerClassPath,
            String log4jConfig)
            throws IOException {
        Path dir = Files.createDirectories(work.resolve("connect"));
        Path pluginPath = Files.createDirectories(dir.resolve("plugins"));
        unzip(pluginZip, pluginPath);
        int port = SoakProcess.freePort();
        Properties props = new Properties();
        props.putAll(composeWorker);
        props.setProperty("bootstrap.servers", bootstrapServers);
        props.setProperty("listeners", "http://127.0.0.1:" + port);
        props.setProperty("rest.advertised.host.name", "127.0.0.1");
        props.setProperty("rest.advertised.port", Integer.toString(port));
        props.setProperty("value.converter.schema.registry.url", registryUrl);
        props.setProperty("plugin.path", pluginPath.toString());
        Path file = dir.resolve("connect-distributed.properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "RecordFlow soak: docker/connect/connect-distributed.properties, addresses substituted");
        }
        SoakProcess worker = new SoakProcess(
                "connect",
                SoakProcess.javaCommand(
                        List.of("-Xms256m", "-Xmx768m", "-cp", workerClassPath, log4jConfig),
                        "org.apache.kafka.connect.cli.ConnectDistributed",
                        file.toString()),
                Map.of("RECORDFLOW_DB_USER", "postgres", "RECORDFLOW_DB_PASSWORD", "unused-with-trust-auth"),
                dir,
                new AtomicLong());
        worker.start();
        return new SoakConnect(worker, "http://127.0.0.1:" + port);
    }

    /**
     * PUTs each connector configuration to {@code /connectors/<name>/config}, as register-connectors.sh does; returns
     * false while the worker is not ready yet (the caller retries), throws when it refuses a configuration.
     */
    boolean register(Map<String, Map<String, String>> connectors) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            for (Map.Entry<String, Map<String, String>> connector : connectors.entrySet()) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(restUrl + "/connectors/" + connector.getKey() + "/config"))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(connector.getValue())))
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 400 || response.statusCode() == 422) {
                    throw new IllegalStateException("Connect refused connector " + connector.getKey() + " (HTTP "
                            + response.statusCode() + "): " + response.body());
                }
                if (response.statusCode() != 200 && response.statusCode() != 201) {
                    // 404 or 409 while the worker joins its group and reads its config topic: try again
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The state of every task of every connector, e.g. {@code records-jdbc-sink/0=RUNNING}; empty if unreachable. */
    List<String> taskStates(List<String> connectors) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> states = new ArrayList<>();
        try {
            for (String name : connectors) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(restUrl + "/connectors/" + name + "/status"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return List.of();
                }
                JSON.readTree(response.body())
                        .path("tasks")
                        .forEach(task -> states.add(name + "/" + task.path("id").asInt() + "="
                                + task.path("state").asText()));
            }
        } catch (IOException e) {
            return List.of();
        }
        return states;
    }

    /** Substitutes this machine's addresses into a compose connector configuration. */
    static Map<String, String> localConnector(
            Map<String, String> composeConfig,
            String registryUrl,
            String jdbcUrl,
            Path archiveDir,
            Path blobRoot,
            Map<String, String> soakSettings) {
        Map<String, String> config = new LinkedHashMap<>(composeConfig);
        config.replace("value.converter.schema.registry.url", registryUrl);
        config.replace("connection.url", jdbcUrl);
        config.replace("archive.dir", archiveDir.toString());
        config.replace("blob.root", blobRoot.toString());
        soakSettings.forEach(config::put);
        return config;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry " + entry.getName() + " of " + zip + " points outside " + target);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    SoakProcess worker() {
        return worker;
    }

    String restUrl() {
        return restUrl;
    }
}
