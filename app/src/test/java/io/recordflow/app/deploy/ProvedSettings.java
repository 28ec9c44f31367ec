package io.recordflow.app.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment settings the distributed soak reads from docker/ and runs with (the Kafka nodes' environment, the
 * topics create-topics.sh creates, the Connect worker's properties, the connector configurations), as sorted
 * {@code file: key=value} lines and their SHA-256. A soak report records the digest; DockerComposeFileTest fails when
 * the files no longer say what a balanced soak proved. Comments and formatting do not count.
 */
public final class ProvedSettings {

    /** How a soak report states the digest: {@code Deployment settings proved: sha256 <hex>}. */
    public static final Pattern REPORT_LINE = Pattern.compile("Deployment settings proved: sha256 ([0-9a-f]{64})");

    private static final Pattern CREATE = Pattern.compile("(?m)^create .*$");

    private ProvedSettings() {}

    /** The settings, one sorted line each. */
    public static List<String> lines(DeploymentFiles files) throws IOException {
        Map<String, String> lines = new TreeMap<>();
        Map<String, Object> services = map(files.compose().get("services"));
        for (String service : List.of("kafka-1", "kafka-2", "kafka-3", "kafka-init")) {
            map(map(services.get(service)).get("environment"))
                    .forEach((k, v) -> lines.put("compose " + service + ": " + k, String.valueOf(v)));
        }
        Path script = files.dockerDir().resolve("kafka/create-topics.sh");
        Matcher create = CREATE.matcher(Files.readString(script));
        while (create.find()) {
            lines.put(
                    "create-topics.sh: "
                            + create.group().replaceAll("\\s+", " ").strip(),
                    "");
        }
        Properties worker = files.properties(files.dockerDir().resolve("connect/connect-distributed.properties"));
        worker.stringPropertyNames()
                .forEach(k -> lines.put("connect-distributed.properties: " + k, worker.getProperty(k)));
        files.connectorConfigs()
                .forEach((file, config) -> config.forEach((k, v) -> lines.put(file.getFileName() + ": " + k, v)));
        List<String> sorted = new ArrayList<>();
        lines.forEach((k, v) -> sorted.add(v.isEmpty() ? k : k + "=" + v));
        return sorted;
    }

    /** SHA-256 of {@link #lines}, in hex. */
    public static String digest(DeploymentFiles files) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of()
                    .formatHex(sha.digest(String.join("\n", lines(files)).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
