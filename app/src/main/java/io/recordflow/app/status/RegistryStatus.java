package io.recordflow.app.status;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.status.ClusterStatus.TopicInfo;
import io.recordflow.registry.SchemaRegistryClient;
import io.recordflow.registry.SchemaRegistryException;
import io.recordflow.serde.AvroSerdeConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What status knows about the schema registry: whether it answers and how many subjects it holds. The topic
 * {@value #SCHEMAS_TOPIC} is only where the embedded registry ({@code recordflow registry}) stores schemas; a
 * third-party registry keeps them elsewhere, so its absence is worth mentioning only when the registry does not answer.
 */
public record RegistryStatus(String urls, Optional<Integer> subjects, String problem) {

    /** The embedded registry's storage topic. */
    public static final String SCHEMAS_TOPIC = "_schemas";

    private static final int TIMEOUT_MS = 3_000;

    /** Asks the configured registry for its subjects, once, without retrying. */
    public static RegistryStatus probe(ClientConfig config) {
        Map<String, Object> settings = new HashMap<>(config.serdeConfig());
        settings.put(AvroSerdeConfig.RETRY_MAX_MS_CONFIG, 0L);
        settings.put(AvroSerdeConfig.CONNECT_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        settings.put(AvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        String urls = config.masked().get(ClientConfig.SCHEMA_REGISTRY_URL);
        try (SchemaRegistryClient client = new AvroSerdeConfig(settings).createClient()) {
            return new RegistryStatus(urls, Optional.of(client.getAllSubjects().size()), "");
        } catch (SchemaRegistryException e) {
            return new RegistryStatus(urls, Optional.empty(), e.getMessage());
        }
    }

    public boolean answers() {
        return subjects.isPresent();
    }

    /** The topics to list: a missing {@value #SCHEMAS_TOPIC} only while the registry does not answer. */
    public List<TopicInfo> shownTopics(List<TopicInfo> topics) {
        return topics.stream()
                .filter(t -> !t.name().equals(SCHEMAS_TOPIC) || t.exists() || !answers())
                .toList();
    }

    /** One line for the status report. */
    public String describe(List<TopicInfo> topics) {
        boolean schemasTopic = topics.stream().anyMatch(t -> t.name().equals(SCHEMAS_TOPIC) && t.exists());
        if (answers()) {
            return urls + " answers, " + subjects.get() + " subject(s)"
                    + (schemasTopic ? ", stored in topic " + SCHEMAS_TOPIC : "");
        }
        return "not usable: " + problem
                + (schemasTopic
                        ? ""
                        : " (topic " + SCHEMAS_TOPIC + ", where the embedded registry stores schemas, is missing too)");
    }
}
