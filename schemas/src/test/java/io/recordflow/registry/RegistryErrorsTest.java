package io.recordflow.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryErrorsTest {

    @Test
    void shouldMapConfluentErrorCodesToExceptionsNamingCodeAndUrl() {
        String request = "POST http://r:8081/subjects/a-value/versions";

        assertThat(RegistryErrors.toException(404, 40401, "Subject not found", request))
                .isInstanceOf(SubjectNotFoundException.class);
        assertThat(RegistryErrors.toException(404, 40402, "Version not found", request))
                .isInstanceOf(VersionNotFoundException.class);
        assertThat(RegistryErrors.toException(404, 40403, "Schema not found", request))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThat(RegistryErrors.toException(409, 409, "incompatible", request))
                .isInstanceOf(IncompatibleSchemaException.class);
        assertThat(RegistryErrors.toException(422, 42201, "Invalid schema", request))
                .isInstanceOf(InvalidSchemaException.class);
        assertThat(RegistryErrors.toException(422, 422, "Unrecognized field", request))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(RegistryErrors.toException(401, 401, "Unauthorized", request))
                .isInstanceOf(SchemaRegistryAuthenticationException.class);
        assertThat(RegistryErrors.toException(404, 40401, "Subject not found", request))
                .hasMessage("Schema registry error 40401 (HTTP 404) from " + request + ": Subject not found");
    }
}
