package io.recordflow.sink.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroConnectSchemasTest {

    static final org.apache.avro.Schema EVERY_TYPE = new org.apache.avro.Schema.Parser().parse("""
            {"type": "record", "name": "EveryType", "namespace": "io.recordflow.test", "doc": "All Avro types",
              "fields": [
                  {"name": "s", "type": "string", "doc": "a string"},
                  {"name": "i", "type": "int", "default": 7},
                  {"name": "l", "type": "long"},
                  {"name": "f", "type": "float"},
                  {"name": "d", "type": "double"},
                  {"name": "b", "type": "boolean", "default": true},
                  {"name": "raw", "type": "bytes"},
                  {"name": "fix", "type": {"type": "fixed", "name": "Md5", "size": 16}},
                  {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"], "default": "RED"}},
                  {"name": "maybeColor", "type": ["null", "Color"], "default": null},
                  {"name": "nullLast", "type": ["string", "null"], "default": "x"},
                  {"name": "either", "type": ["null", "string", "long", "Md5"], "default": null},
                  {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
                  {"name": "nested", "type": {"type": "map", "values": {"type": "record", "name": "Inner",
                      "fields": [{"name": "n", "type": ["null", "int"], "default": null}]}}, "default": {}},
                  {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "day", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null},
                  {"name": "clock", "type": {"type": "int", "logicalType": "time-millis"}},
                  {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}}
              ]}""");

    static org.apache.avro.Schema[] schemas() {
        return new org.apache.avro.Schema[] {
            EnrichedRecord.getClassSchema(),
            AgencyRecord.getClassSchema(),
            DeadLetter.getClassSchema(),
            AuditEvent.getClassSchema(),
            EVERY_TYPE
        };
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void shouldTranslateEverySchemaToConnectAndBackUnchanged(org.apache.avro.Schema avro) {
        org.apache.avro.Schema back = AvroConnectSchemas.fromConnect(AvroConnectSchemas.toConnect(avro));
        assertThat(back.toString(true)).isEqualTo(avro.toString(true));
        assertThat(back).isEqualTo(avro);
    }

    @Test
    void shouldMapLogicalTypesNullableUnionsAndEnumsToConnectTypes() {
        Schema connect = AvroConnectSchemas.toConnect(EVERY_TYPE);
        assertThat(connect.field("at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(connect.field("day").schema().name()).isEqualTo(Date.LOGICAL_NAME);
        assertThat(connect.field("day").schema().isOptional()).isTrue();
        assertThat(connect.field("amount").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(connect.field("amount").schema().parameters()).containsEntry(Decimal.SCALE_FIELD, "2");
        assertThat(connect.field("color").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(connect.field("either").schema().type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(connect.field("nested")
                        .schema()
                        .valueSchema()
                        .field("n")
                        .schema()
                        .isOptional())
                .isTrue();
    }
}
