package io.recordflow.serde;

import org.apache.avro.Schema;

/** Chooses the registry subject a topic's keys or values are registered under. */
public interface SubjectNameStrategy {
    String subjectName(String topic, boolean isKey, Schema schema);
}
