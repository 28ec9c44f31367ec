package io.recordflow.app.local;

import static io.recordflow.app.fixtures.Enrichments.enriched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.app.fixtures.RecordsTable;
import io.recordflow.app.fixtures.Seeder;
import io.recordflow.enrich.config.EnrichConfig;
import io.recordflow.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local pipeline notices a stage that stopped, so {@code run} can fail fast instead of waiting to settle. */
class LocalPipelineIT {

    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path work;

    private final RecordsTable table = RecordsTable.freshSchema("local_pipeline_");

    @AfterEach
    void dropSchema() throws Exception {
        table.drop();
    }

    @Test
    void shouldReportASinkTaskThatFailedNamingConnectorTaskAndError() throws Exception {
        LocalSettings settings = new LocalSettings(
                work.resolve("data"),
                Map.of(EnrichConfig.PROVIDER, "local"),
                Optional.of(new LocalSettings.Jdbc(RecordsTable.JDBC_URL, "postgres", "", table.schema())));
        try (LocalPipeline pipeline = LocalPipeline.start(settings);
                Seeder seeder = new Seeder(pipeline.bootstrapServers(), pipeline.serdeConfig())) {
            seeder.send(Topics.ENRICHED, "r-1", enriched("r-1", "A", 0.9, T));
            // the sink creates the table with its first write: until then the query fails
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> table.rows().size() == 1);
            assertThat(pipeline.failure()).isEmpty();

            table.dropTable();
            seeder.send(Topics.ENRICHED, "r-2", enriched("r-2", "A", 0.9, T));

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> pipeline.failure().isPresent());
            assertThat(pipeline.failure().orElseThrow())
                    .contains("sink connector " + LocalPipeline.JDBC_CONNECTOR + " task 0 failed")
                    .contains("records");
        }
    }
}
