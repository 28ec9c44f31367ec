package io.recordflow.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SchemaTextsTest {

    @Test
    void shouldRenderTheSameTextAsToString() {
        Schema schema =
                SchemaBuilder.record("Doc").fields().requiredString("id").endRecord();
        SchemaTexts texts = new SchemaTexts();

        assertThat(texts.of(schema)).isEqualTo(schema.toString());
        assertThat(texts.of(schema)).isSameAs(texts.of(schema));
    }

    @Test
    void shouldKeepSchemasThatDifferOnlyInTheirDocApart() {
        Schema documented = SchemaBuilder.record("Doc")
                .doc("first")
                .fields()
                .requiredString("id")
                .endRecord();
        Schema redocumented = SchemaBuilder.record("Doc")
                .doc("second")
                .fields()
                .requiredString("id")
                .endRecord();
        SchemaTexts texts = new SchemaTexts();

        assertThat(texts.of(documented)).contains("first");
        assertThat(texts.of(redocumented)).contains("second");
    }

    @Test
    void shouldStayBoundedWhenEverySchemaIsANewInstance() {
        SchemaTexts texts = new SchemaTexts();
        for (int i = 0; i < SchemaTexts.MAX_ENTRIES * 3; i++) {
            texts.of(SchemaBuilder.record("Doc" + i)
                    .fields()
                    .requiredString("id")
                    .endRecord());
        }

        assertThat(texts.size()).isLessThanOrEqualTo(SchemaTexts.MAX_ENTRIES);
    }
}
