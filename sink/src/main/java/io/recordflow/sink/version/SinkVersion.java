package io.recordflow.sink.version;

/** Version of the RecordFlow sink plugin, as packaged by Maven. */
public final class SinkVersion {

  private SinkVersion() {}

  public static String get() {
    String version = SinkVersion.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0-SNAPSHOT" : version;
  }
}
