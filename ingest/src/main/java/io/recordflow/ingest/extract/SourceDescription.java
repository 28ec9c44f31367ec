package io.recordflow.ingest.extract;

/**
 * Where a file came from and who holds it, as the records officer describes it.
 *
 * @param sourceUri file URI, or {@code stdin:NAME}
 * @param fileName original file name (a detection hint and the record's fileName)
 * @param sourceSystem source system name, part of the recordId
 * @param agency holding agency, may be null
 * @param office office of record, may be null
 */
public record SourceDescription(String sourceUri, String fileName, String sourceSystem, String agency, String office) {}
