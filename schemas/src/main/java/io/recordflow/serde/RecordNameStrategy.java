package io.recordflow.serde;

import org.apache.avro.Schema;

/** The record's full name, so several record types can share one topic. */
public final class RecordNameStrategy implements SubjectNameStrategy {
    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return schema.getFullName();
    }
}
