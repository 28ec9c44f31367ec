package io.recordflow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {
    private static final Schema V1 = SchemaBuilder.record("Doc")
            .namespace("t")
            .fields()
            .requiredString("id")
            .endRecord();
    private static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("Doc")
            .namespace("t")
            .fields()
            .requiredString("id")
            .name("title")
            .type()
            .stringType()
            .stringDefault("")
            .endRecord();
    private static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("Doc")
            .namespace("t")
            .fields()
            .requiredString("id")
            .requiredString("title")
            .endRecord();

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldGiveTheSameIdToTheSameSchemaAndNewVersionsToEvolutions() {
        int first = registry.register("docs-value", V1);

        assertThat(registry.register("docs-value", V1)).isEqualTo(first);
        assertThat(registry.register("other-value", V1)).isEqualTo(first);
        int second = registry.register("docs-value", V2_WITH_DEFAULT);
        assertThat(second).isNotEqualTo(first);
        assertThat(registry.getAllVersions("docs-value")).containsExactly(1, 2);
        assertThat(registry.getLatestSchemaMetadata("docs-value").id()).isEqualTo(second);
        assertThat(registry.lookup("docs-value", V1).version()).isEqualTo(1);
    }

    @Test
    void shouldEnforceBackwardCompatibilityByDefault() {
        registry.register("docs-value", V1);

        assertThat(registry.testCompatibility("docs-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThatThrownBy(() -> registry.register("docs-value", V2_WITHOUT_DEFAULT))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("409")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("mock://");

        registry.updateCompatibility("docs-value", CompatibilityLevel.NONE);
        assertThat(registry.register("docs-value", V2_WITHOUT_DEFAULT)).isPositive();
    }

    @Test
    void shouldAnswerTheSameErrorCodesAsTheRegistry() {
        assertThatThrownBy(() -> registry.getLatestSchemaMetadata("nope"))
                .isInstanceOfSatisfying(
                        SubjectNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> registry.getSchemaById(42))
                .isInstanceOfSatisfying(
                        SchemaNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
        registry.register("docs-value", V1);
        assertThatThrownBy(() -> registry.getSchemaMetadata("docs-value", 5))
                .isInstanceOfSatisfying(
                        VersionNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40402));
        assertThatThrownBy(() -> registry.lookup("docs-value", V2_WITH_DEFAULT))
                .isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void shouldShareStatePerScope() {
        InMemorySchemaRegistryClient a = InMemorySchemaRegistryClient.forScope("shared-scope-test");
        int id = a.register("x-value", V1);

        assertThat(InMemorySchemaRegistryClient.forScope("shared-scope-test").getSchemaById(id))
                .isEqualTo(V1);
        InMemorySchemaRegistryClient.dropScope("shared-scope-test");
        assertThat(InMemorySchemaRegistryClient.forScope("shared-scope-test").getAllSubjects())
                .isEmpty();
        InMemorySchemaRegistryClient.dropScope("shared-scope-test");
    }
}
