package io.recordflow.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the files under {@code docker/} from the repository root, as parsed YAML, JSON and properties. */
public final class DeploymentFiles {

    private final Path repositoryRoot;
    private final Path dockerDir;

    private DeploymentFiles(Path repositoryRoot) {
        this.repositoryRoot = repositoryRoot;
        this.dockerDir = repositoryRoot.resolve("docker");
    }

    /** Finds the repository root by walking up from the working directory (Surefire runs in the module folder). */
    public static DeploymentFiles locate() {
        Path start = Paths.get(System.getProperty("maven.multiModuleProjectDirectory", System.getProperty("user.dir")))
                .toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker/docker-compose.yml"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new DeploymentFiles(dir);
            }
        }
        throw new IllegalStateException("No docker/docker-compose.yml in " + start + " or any parent folder");
    }

    public Path repositoryRoot() {
        return repositoryRoot;
    }

    public Path dockerDir() {
        return dockerDir;
    }

    /** The compose file with anchors and merge keys ({@code <<: *x}) resolved, as compose itself reads it. */
    public Map<String, Object> compose() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(dockerDir.resolve("docker-compose.yml"))) {
            return new Yaml(new SafeConstructor(options)).load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Properties properties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Every {@code docker/connect/*.json}, by file, as a flat string map (the body of {@code PUT /connectors/<name>/config}). */
    public Map<Path, Map<String, String>> connectorConfigs() {
        Map<Path, Map<String, String>> configs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dockerDir.resolve("connect"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                configs.put(file, flatConfig(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return configs;
    }

    private static Map<String, String> flatConfig(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.isObject()).as("%s must hold a JSON object", file).isTrue();
        Map<String, String> config = new LinkedHashMap<>();
        List<String> nonText = new ArrayList<>();
        root.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                nonText.add(e.getKey());
            }
            config.put(e.getKey(), e.getValue().asText());
        });
        // Connect's REST API takes string values only.
        assertThat(nonText).as("non-string values in %s", file).isEmpty();
        return config;
    }

    /** The source file that would define {@code className} in the sink module (checked as text, never loaded). */
    Path sinkSourceOf(String className) {
        return repositoryRoot.resolve("sink/src/main/java").resolve(className.replace('.', '/') + ".java");
    }
}
