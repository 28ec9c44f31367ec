package io.recordflow.app.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the sources of a {@link ClientConfig}, lowest to highest precedence: defaults, a properties file,
 * {@code RECORDFLOW_<KEY>} environment variables (upper-case, dots as underscores), command-line options.
 */
public final class ConfigSources {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSources.class);

    /** Prefix of the environment variables read as settings. */
    public static final String ENV_PREFIX = "RECORDFLOW_";

    private ConfigSources() {}

    /**
     * The configuration from {@code file} (may be null), then {@code env}, then {@code overrides}; later
     * sources win. Invalid values fail with a ConfigException naming the key.
     */
    public static ClientConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, Object> merged = new HashMap<>(read(file, env, ClientConfig::isKnown));
        overrides.forEach((key, value) -> {
            if (value != null) {
                merged.put(key, value);
            }
        });
        return new ClientConfig(merged);
    }

    /**
     * The settings {@code accepts} takes from {@code file} (may be null), then from {@code RECORDFLOW_*} variables in
     * {@code env}; later sources win. Other components' keys (anything {@code accepts} refuses) are skipped.
     */
    public static Map<String, String> read(Path file, Map<String, String> env, Predicate<String> accepts) {
        Map<String, String> merged = new HashMap<>();
        if (file != null) {
            merged.putAll(readFile(file, accepts));
        }
        merged.putAll(fromEnvironment(env, accepts));
        return merged;
    }

    /** The settings named by {@code RECORDFLOW_*} variables; variables for other components are ignored. */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, ClientConfig::isKnown);
    }

    private static Map<String, String> fromEnvironment(Map<String, String> env, Predicate<String> accepts) {
        Map<String, String> settings = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                String key = envToKey(name);
                if (accepts.test(key)) {
                    settings.put(key, value);
                }
            }
        });
        return settings;
    }

    /** RECORDFLOW_SASL_JAAS_CONFIG to sasl.jaas.config. */
    public static String envToKey(String name) {
        return name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** sasl.jaas.config to RECORDFLOW_SASL_JAAS_CONFIG, the inverse of {@link #envToKey}. */
    public static String keyToEnv(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static Map<String, String> readFile(Path file, Predicate<String> accepts) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("configuration file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        Map<String, String> settings = new HashMap<>();
        for (String key : props.stringPropertyNames()) {
            if (accepts.test(key)) {
                settings.put(key, props.getProperty(key).trim());
            } else {
                // The same file may carry settings of other components (enrich, ingest): not an error here.
                LOG.debug("{}: '{}' is not a client setting, ignored by this command", file, key);
            }
        }
        return settings;
    }
}
