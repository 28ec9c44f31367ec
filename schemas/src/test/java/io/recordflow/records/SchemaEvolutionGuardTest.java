package io.recordflow.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves every current wire schema can read data written with every released snapshot (BACKWARD), so a field
 * without a default or a removed enum symbol cannot reach a release unnoticed.
 */
class SchemaEvolutionGuardTest {

    /** The current schema of every top-level record that travels on a topic. */
    private static final Map<String, Schema> CURRENT = Stream.of(
                    AgencyRecord.getClassSchema(),
                    EnrichedRecord.getClassSchema(),
                    DeadLetter.getClassSchema(),
                    AuditEvent.getClassSchema(),
                    AnalysisCacheEntry.getClassSchema())
            .collect(Collectors.toMap(Schema::getName, Function.identity()));

    static List<Path> releasedSnapshots() throws IOException, URISyntaxException {
        Path dir =
                Path.of(SchemaEvolutionGuardTest.class.getResource("/released").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".avsc"))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedSnapshots")
    void currentSchemaShouldReadDataWrittenWithReleasedSnapshot(Path snapshot) {
        Schema released = parse(snapshot);
        Schema current = CURRENT.get(released.getName());
        assertThat(current)
                .as("released schema %s has no current counterpart", snapshot.getFileName())
                .isNotNull();

        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, released);

        assertThat(result.getType())
                .as(
                        "current %s cannot read %s: %s",
                        released.getName(),
                        snapshot.getFileName(),
                        result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void everyTopLevelRecordShouldHaveAReleasedSnapshot() throws Exception {
        var snapshotted =
                releasedSnapshots().stream().map(p -> parse(p).getName()).collect(Collectors.toSet());

        assertThat(snapshotted).containsAll(CURRENT.keySet());
    }

    @Test
    void guardShouldRejectAFieldAddedWithoutDefault() {
        Schema released = AgencyRecord.getClassSchema();
        Schema withRequiredField = SchemaBuilder.record("AgencyRecord")
                .namespace("io.recordflow.records")
                .fields()
                .requiredString("recordId")
                .requiredString("mandatoryNewField")
                .endRecord();

        var result = SchemaCompatibility.checkReaderWriterCompatibility(withRequiredField, released);

        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read released schema " + file, e);
        }
    }
}
