package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.local.PipelineTracker.Progress;
import io.recordflow.ingest.pipeline.IngestSummary;
import io.recordflow.records.Stage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunCommandExitCodeTest {
    private static final Progress BEFORE = progress(0);

    @Test
    void shouldExitUnavailableLikeIngestWhenTheRegistryRefusedAFile() {
        IngestSummary ingested = new IngestSummary();
        ingested.registryRefused("inbox/memo.pdf");

        assertThat(RunCommand.exitCode(BEFORE, BEFORE, ingested)).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(IngestPass.exitCode(ingested)).isEqualTo(ExitCode.UNAVAILABLE);
    }

    @Test
    void shouldExitPartialFailureWhenRecordsWereDeadLetteredInThisRun() {
        assertThat(RunCommand.exitCode(BEFORE, progress(2), new IngestSummary()))
                .isEqualTo(ExitCode.PARTIAL_FAILURE);
    }

    @Test
    void shouldExitOkWhenNothingFailed() {
        assertThat(RunCommand.exitCode(BEFORE, BEFORE, new IngestSummary())).isEqualTo(ExitCode.OK);
    }

    private static Progress progress(int deadLettered) {
        return new Progress(10, 10 - deadLettered, 0, Map.of(Stage.ENRICH, deadLettered), 0, Map.of(), Map.of(), 0);
    }
}
