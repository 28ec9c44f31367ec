package io.recordflow.enrich.sensitivity;

import java.util.List;

/** A deterministic detector of one kind of sensitive data in extracted text. */
public interface Detector {
    List<Finding> detect(String text);
}
