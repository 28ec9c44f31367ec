package io.recordflow.enrich.sensitivity;

import io.recordflow.records.SensitivityFlag;

/**
 * Where a detector saw sensitive data: the type and character offsets, never the value itself, so a
 * finding can be logged and published without spreading the data it points at.
 */
public record Finding(String type, int start, int end, double confidence, String note) {

    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }

    public SensitivityFlag toFlag() {
        return SensitivityFlag.newBuilder()
                .setType(type)
                .setDetector("pattern")
                .setStart(start)
                .setEnd(end)
                .setConfidence(confidence)
                .setNote(note)
                .build();
    }
}
