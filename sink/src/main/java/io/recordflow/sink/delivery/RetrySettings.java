package io.recordflow.sink.delivery;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigValue;

/** The retry settings every RecordFlow sink shares: how often and how patiently transient failures are retried. */
public final class RetrySettings {

    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

    private RetrySettings() {}

    /** Adds the retry keys to a connector's ConfigDef. */
    public static ConfigDef define(ConfigDef def, String transientFailures) {
        return def.define(
                        MAX_RETRIES,
                        Type.INT,
                        10,
                        Range.between(0, 1_000),
                        Importance.MEDIUM,
                        "Consecutive transient failures (" + transientFailures + ") retried before the task fails.")
                .define(
                        RETRY_BACKOFF_MS,
                        Type.LONG,
                        1_000L,
                        Range.between(0L, 600_000L),
                        Importance.LOW,
                        "Wait before the first retry; doubles with each further retry.")
                .define(
                        RETRY_BACKOFF_MAX_MS,
                        Type.LONG,
                        30_000L,
                        Range.between(0L, 3_600_000L),
                        Importance.LOW,
                        "Upper bound of the wait between retries; must not be below " + RETRY_BACKOFF_MS + ".");
    }

    /** Backoff before retry number {@code attempt} (1-based): exponential, capped. */
    public static long backoffMillis(AbstractConfig config, int attempt) {
        long initial = config.getLong(RETRY_BACKOFF_MS);
        long cap = config.getLong(RETRY_BACKOFF_MAX_MS);
        return Math.min(initial << Math.min(attempt - 1, 20), cap);
    }

    public static TransientRetries retries(
            AbstractConfig config, org.apache.kafka.connect.sink.SinkTaskContext context) {
        return new TransientRetries(context, config.getInt(MAX_RETRIES), attempt -> backoffMillis(config, attempt));
    }

    /** Cross-field rule for {@code Connector.validate}: the cap must not be below the first backoff. */
    public static void validate(Map<String, ConfigValue> values) {
        ConfigValue backoff = values.get(RETRY_BACKOFF_MS);
        ConfigValue backoffMax = values.get(RETRY_BACKOFF_MAX_MS);
        if (backoff.value() instanceof Long initial && backoffMax.value() instanceof Long max && max < initial) {
            backoffMax.addErrorMessage(RETRY_BACKOFF_MAX_MS + " (" + max + ") must not be below " + RETRY_BACKOFF_MS
                    + " (" + initial + ")");
        }
    }
}
