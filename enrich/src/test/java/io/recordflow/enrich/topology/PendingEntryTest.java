package io.recordflow.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PendingEntryTest {
    private static PendingEntry entry(String key, byte[] value, String lastError) {
        return new PendingEntry(7, key, value, "records.ingested.v1", 1, 42, 1_000, 2_000, 3, 4_000, lastError);
    }

    @Test
    void shouldReadBackWhatItWrites() {
        PendingEntry entry = entry("r-1", "value".getBytes(StandardCharsets.UTF_8), "timeout");

        PendingEntry read = PendingEntry.fromBytes(entry.toBytes());

        assertThat(read).usingRecursiveComparison().isEqualTo(entry);
    }

    @Test
    void shouldKeepNullKeyValueAndError() {
        PendingEntry read = PendingEntry.fromBytes(entry(null, null, null).toBytes());

        assertThat(read.key()).isNull();
        assertThat(read.value()).isNull();
        assertThat(read.lastError()).isNull();
    }

    @Test
    void shouldStoreTheValueOnceWithoutBase64Overhead() {
        byte[] value = new byte[PendingEntry.MAX_RECORD_BYTES - 3];

        byte[] encoded = entry("r-1", value, "e".repeat(100_000)).toBytes();

        assertThat(encoded.length).isLessThanOrEqualTo(PendingEntry.MAX_ENCODED_BYTES);
        assertThat(encoded.length - value.length).isLessThan(PendingEntry.OVERHEAD_BYTES);
    }

    @Test
    void shouldStillReadTheJsonEntriesOfEarlierVersions() throws Exception {
        PendingEntry entry = entry("r-1", "value".getBytes(StandardCharsets.UTF_8), "timeout");

        PendingEntry read = PendingEntry.fromBytes(new ObjectMapper().writeValueAsBytes(entry));

        assertThat(read).usingRecursiveComparison().isEqualTo(entry);
    }

    @Test
    void shouldRefuseToEncodeMoreThanTheChangelogAcceptsNamingTheSetting() {
        PendingEntry entry = entry("r-1", new byte[PendingEntry.MAX_ENCODED_BYTES], null);

        assertThatThrownBy(entry::toBytes)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("records.ingested.v1-1@42")
                .hasMessageContaining("enrich.max.record.bytes");
    }
}
