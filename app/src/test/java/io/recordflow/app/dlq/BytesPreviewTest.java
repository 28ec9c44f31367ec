package io.recordflow.app.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BytesPreviewTest {

    @Test
    void shouldShowReadableTextAsUtf8() {
        assertThat(BytesPreview.describe("rec-42\nline".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("11 bytes, utf-8: \"rec-42\\nline\"");
    }

    @Test
    void shouldShowBinaryAsHexNamingTheConfluentWireFormat() {
        byte[] avro = {0, 0, 0, 0, 7, 2, 4, (byte) 0xff};

        assertThat(BytesPreview.describe(avro))
                .isEqualTo("8 bytes (Confluent wire format, schema id 7), hex: 00 00 00 00 07 02 04 ff");
    }

    @Test
    void shouldTruncateLongValuesAndSayWhenAbsent() {
        assertThat(BytesPreview.describe("x".repeat(500).getBytes(StandardCharsets.UTF_8)))
                .startsWith("500 bytes, utf-8: \"xxx")
                .endsWith("…\"");
        assertThat(BytesPreview.describe((byte[]) null)).isEqualTo("(none)");
    }
}
