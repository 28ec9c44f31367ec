package io.recordflow.serde;

import org.apache.avro.Schema;

/** Confluent's default: {@code <topic>-key} and {@code <topic>-value}. */
public final class TopicNameStrategy implements SubjectNameStrategy {
    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return topic + (isKey ? "-key" : "-value");
    }
}
