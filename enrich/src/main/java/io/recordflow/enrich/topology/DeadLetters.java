package io.recordflow.enrich.topology;

import io.recordflow.records.DeadLetter;
import io.recordflow.records.Stage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Builds enrich-stage dead letters carrying the original bytes and coordinates for redrive. */
final class DeadLetters {
    private DeadLetters() {}

    static DeadLetter of(
            String recordId,
            String key,
            byte[] value,
            String topic,
            int partition,
            long offset,
            String errorClass,
            String message,
            int attempts,
            Instant at,
            Map<String, String> context) {
        return DeadLetter.newBuilder()
                .setId("enrich:" + topic + "-" + partition + "@" + offset)
                .setStage(Stage.ENRICH)
                .setRecordId(recordId)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setErrorClass(errorClass)
                .setErrorMessage(message)
                .setAttempts(attempts)
                .setFailedAt(at)
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setContext(context)
                .build();
    }
}
