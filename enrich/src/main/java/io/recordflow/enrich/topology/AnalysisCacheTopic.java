package io.recordflow.enrich.topology;

import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code records.analysis-cache.v1} when it is missing, with the retention the enrich settings ask for
 * ({@link EnrichConfig#cacheTopicConfigs()}) and the broker's default partitions and replication: every enrich
 * application reads it as a global store, which cannot start on a missing topic. An existing topic is left as it is.
 */
public final class AnalysisCacheTopic {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisCacheTopic.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private AnalysisCacheTopic() {}

    /**
     * Makes sure the cache topic exists.
     *
     * @return whether this call created it
     * @throws KafkaException naming the topic and the settings when it can neither be found nor created
     */
    public static boolean ensure(Admin admin, EnrichConfig config) {
        String name = Topics.ANALYSIS_CACHE.name();
        Map<String, String> configs = config.cacheTopicConfigs();
        try {
            if (admin.listTopics()
                    .names()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .contains(name)) {
                LOG.info("analysis cache: using the existing topic {} (its retention is the topic's own)", name);
                return false;
            }
            admin.createTopics(List.of(new NewTopic(name, Optional.empty(), Optional.empty()).configs(configs)))
                    .all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("analysis cache: created topic {} with {}", name, configs);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                // Another instance created it in the meantime.
                return false;
            }
            throw failure(name, configs, e.getCause());
        } catch (TimeoutException e) {
            throw failure(name, configs, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(name, configs, e);
        }
    }

    private static KafkaException failure(String name, Map<String, String> configs, Throwable cause) {
        return new KafkaException(
                "cannot find or create the analysis cache topic " + name + " (configs " + configs + "): " + cause
                        + ". Create it beforehand (docker/kafka/create-topics.sh does) or set "
                        + EnrichConfig.CACHE_ENABLED + "=false",
                cause);
    }
}
