package io.recordflow.app.cli;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.config.ConfigSources;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Picocli mixin with the options every command talking to a cluster shares. Settings come from defaults, then
 * {@code --config FILE}, then {@code RECORDFLOW_*} environment variables, then these options.
 */
public final class ClusterOptions {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterOptions.class);

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file with client settings (bootstrap.servers, schema.registry.url, "
                    + "security.protocol, ssl.*, sasl.*, ...).")
    private Path configFile;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers (overrides bootstrap.servers; env RECORDFLOW_BOOTSTRAP_SERVERS).")
    private String bootstrapServers;

    @Option(
            names = "--registry-url",
            paramLabel = "URL[,...]",
            description = "Schema registry URLs (overrides schema.registry.url; env RECORDFLOW_SCHEMA_REGISTRY_URL).")
    private String registryUrl;

    private ClientConfig config;

    /** The {@code --config} file, or null; commands with settings of their own read them from it too. */
    public Path configFile() {
        return configFile;
    }

    /** The merged configuration, built once per command run. */
    public ClientConfig clientConfig() {
        if (config == null) {
            Map<String, String> overrides = new HashMap<>();
            overrides.put(ClientConfig.BOOTSTRAP_SERVERS, bootstrapServers);
            overrides.put(ClientConfig.SCHEMA_REGISTRY_URL, registryUrl);
            config = ConfigSources.load(configFile, System.getenv(), overrides);
            LOG.debug("client settings: {}", config.masked());
        }
        return config;
    }
}
