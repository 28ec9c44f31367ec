package io.recordflow.app.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the soak cluster's topics from docker/kafka/create-topics.sh, as compose's one-shot kafka-init does: each
 * {@code create <topic> [--config k=v ...]} line, with the script's partitions and its replication settings (from the
 * kafka-init service's environment).
 */
final class SoakTopics {

    private static final Pattern CREATE = Pattern.compile("(?m)^create (\\S+)(.*)$");
    private static final Pattern CONFIG = Pattern.compile("--config (\\S+)=(\\S+)");

    private SoakTopics() {}

    /** The topics the script creates, each with its own --config settings. */
    static List<NewTopic> fromScript(Path script, int partitions, short replicationFactor, String minIsr)
            throws IOException {
        List<NewTopic> topics = new ArrayList<>();
        Matcher create = CREATE.matcher(Files.readString(script));
        while (create.find()) {
            Map<String, String> configs = new HashMap<>();
            configs.put("min.insync.replicas", minIsr);
            Matcher config = CONFIG.matcher(create.group(2));
            while (config.find()) {
                configs.put(config.group(1), config.group(2));
            }
            topics.add(new NewTopic(create.group(1), Optional.of(partitions), Optional.of(replicationFactor))
                    .configs(configs));
        }
        if (topics.isEmpty()) {
            throw new IllegalStateException(script + " creates no topics: no line starts with 'create '");
        }
        return topics;
    }

    static void create(Admin admin, List<NewTopic> topics) throws ExecutionException, InterruptedException {
        admin.createTopics(topics).all().get();
    }
}
