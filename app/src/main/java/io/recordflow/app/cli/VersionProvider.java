package io.recordflow.app.cli;

import io.recordflow.app.RecordFlowVersion;
import picocli.CommandLine.IVersionProvider;

/** Reports RecordFlow's version and the versions of the engines it runs on, as {@link RecordFlowVersion} reads them. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "recordflow " + RecordFlowVersion.current(),
            "Kafka " + RecordFlowVersion.engine("kafka") + ", Avro " + RecordFlowVersion.engine("avro") + ", Tika "
                    + RecordFlowVersion.engine("tika") + ", langchain4j " + RecordFlowVersion.engine("langchain4j"),
            "JVM: ${java.version} (${java.vendor} ${java.vm.name} ${java.vm.version})",
            "OS: ${os.name} ${os.version} ${os.arch}"
        };
    }
}
