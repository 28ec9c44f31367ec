package io.recordflow.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reports RecordFlow's version and the versions of the engines it runs on, from the build-filtered resource. */
public final class VersionProvider implements IVersionProvider {

    static final String RESOURCE = "/io/recordflow/app/version.properties";

    @Override
    public String[] getVersion() {
        Properties v = load();
        return new String[] {
                "recordflow " + v.getProperty("recordflow.version"),
                "Kafka " + v.getProperty("kafka.version") + ", Avro " + v.getProperty("avro.version")
                        + ", Tika " + v.getProperty("tika.version") + ", langchain4j " + v.getProperty("langchain4j.version"),
                "JVM: ${java.version} (${java.vendor} ${java.vm.name} ${java.vm.version})",
                "OS: ${os.name} ${os.version} ${os.arch}"};
    }

    /** The RecordFlow version string, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String recordflowVersion() {
        return load().getProperty("recordflow.version");
    }

    private static Properties load() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE + " on the classpath: the build did not package it");
            }
            Properties props = new Properties();
            props.load(in);
            return props;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
