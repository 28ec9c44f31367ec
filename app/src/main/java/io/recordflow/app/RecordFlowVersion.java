package io.recordflow.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * RecordFlow's version and the versions of the engines it was built with, from the build-filtered
 * {@code version.properties}; read by the CLI's {@code --version} and stamped on the operator commands' writes.
 */
public final class RecordFlowVersion {

    static final String RESOURCE = "/io/recordflow/app/version.properties";

    private RecordFlowVersion() {}

    /** The RecordFlow version string, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        return load().getProperty("recordflow.version");
    }

    /** The version RecordFlow was built against of an engine named in the build: kafka, avro, tika, langchain4j. */
    public static String engine(String name) {
        return load().getProperty(name + ".version");
    }

    private static Properties load() {
        try (InputStream in = RecordFlowVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "missing " + RESOURCE + " on the classpath: the build did not package it");
            }
            Properties props = new Properties();
            props.load(in);
            return props;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
