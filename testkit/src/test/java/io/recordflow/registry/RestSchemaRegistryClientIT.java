package io.recordflow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.recordflow.embedded.registry.EmbeddedSchemaRegistry;
import io.recordflow.records.AgencyRecord;
import io.recordflow.serde.AvroSerdeConfig;
import io.recordflow.serde.SampleRecords;
import io.recordflow.serde.SpecificAvroSerializer;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST client against the embedded registry over HTTP: happy paths and every error path. */
class RestSchemaRegistryClientIT {
    private static final Schema V1 = SchemaBuilder.record("Memo")
            .namespace("it")
            .fields()
            .requiredString("id")
            .endRecord();
    private static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("Memo")
            .namespace("it")
            .fields()
            .requiredString("id")
            .name("title")
            .type()
            .stringType()
            .stringDefault("")
            .endRecord();
    private static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("Memo")
            .namespace("it")
            .fields()
            .requiredString("id")
            .requiredString("title")
            .endRecord();

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private final ObjectMapper json = new ObjectMapper();

    private RestSchemaRegistryClient client() {
        return new RestSchemaRegistryClient(List.of(REGISTRY.url()));
    }

    @Test
    void shouldRegisterLookUpAndFetchSchemasWithStableIds() {
        RestSchemaRegistryClient client = client();
        int v1 = client.register("memos-value", V1);
        int v2 = client.register("memos-value", V2_WITH_DEFAULT);

        RestSchemaRegistryClient fresh = client();
        assertThat(fresh.register("memos-value", V1)).isEqualTo(v1);
        assertThat(fresh.register("memos-copy-value", V1))
                .as("same schema, other subject")
                .isEqualTo(v1);
        assertThat(fresh.getSchemaById(v2)).isEqualTo(V2_WITH_DEFAULT);
        assertThat(fresh.lookup("memos-value", V1)).isEqualTo(new RegisteredSchema("memos-value", 1, v1, V1));
        assertThat(fresh.getLatestSchemaMetadata("memos-value").version()).isEqualTo(2);
        assertThat(fresh.getSchemaMetadata("memos-value", 1).id()).isEqualTo(v1);
        assertThat(fresh.getAllVersions("memos-value")).containsExactly(1, 2);
        assertThat(fresh.getAllSubjects()).contains("memos-value", "memos-copy-value");
        assertThat(fresh.testCompatibility("memos-value", V2_WITH_DEFAULT)).isTrue();
    }

    @Test
    void shouldFailWithSubjectNotFoundForAnUnknownSubject() {
        assertThatThrownBy(() -> client().getLatestSchemaMetadata("no-such-subject"))
                .isInstanceOfSatisfying(SubjectNotFoundException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(40401);
                    assertThat(e.httpStatus()).isEqualTo(404);
                })
                .hasMessageContaining("40401")
                .hasMessageContaining(REGISTRY.url() + "/subjects/no-such-subject/versions/latest");
    }

    @Test
    void shouldFailWithVersionNotFoundForAnUnknownVersion() {
        client().register("versions-value", V1);

        assertThatThrownBy(() -> client().getSchemaMetadata("versions-value", 7))
                .isInstanceOfSatisfying(
                        VersionNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40402));
    }

    @Test
    void shouldFailWithSchemaNotFoundForAnUnknownIdOrUnregisteredSchema() {
        assertThatThrownBy(() -> client().getSchemaById(424_242))
                .isInstanceOfSatisfying(
                        SchemaNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403))
                .hasMessageContaining(REGISTRY.url() + "/schemas/ids/424242");
        client().register("lookup-value", V1);
        assertThatThrownBy(() -> client().lookup("lookup-value", V2_WITH_DEFAULT))
                .isInstanceOfSatisfying(
                        SchemaNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    @Test
    void shouldRejectAFieldWithoutDefaultAsIncompatibleWith409() {
        RestSchemaRegistryClient client = client();
        client.register("evolve-value", V1);

        assertThat(client.testCompatibility("evolve-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThatThrownBy(() -> client.register("evolve-value", V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(
                        IncompatibleSchemaException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(409))
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("title");
        assertThat(client.getAllVersions("evolve-value")).containsExactly(1);
    }

    @Test
    void shouldHonourCompatibilityConfigGloballyAndPerSubject() {
        RestSchemaRegistryClient client = client();
        client.register("relaxed-value", V1);

        assertThat(client.getGlobalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        client.updateCompatibility("relaxed-value", CompatibilityLevel.NONE);
        assertThat(client.getCompatibility("relaxed-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.register("relaxed-value", V2_WITHOUT_DEFAULT)).isPositive();

        client.register("strict-value", V2_WITH_DEFAULT);
        client.updateCompatibility("strict-value", CompatibilityLevel.FULL);
        // Dropping a field that has a default is BACKWARD compatible but not FORWARD (FULL = both).
        assertThat(client.testCompatibility("strict-value", V1)).isTrue();
        Schema renamedType = SchemaBuilder.record("Memo")
                .namespace("it")
                .fields()
                .requiredLong("id")
                .endRecord();
        assertThat(client.testCompatibility("strict-value", renamedType)).isFalse();
    }

    @Test
    void shouldAnswerMalformedAndInvalidBodiesWith422() throws Exception {
        HttpResponse<String> malformed = post("/subjects/bad-value/versions", "{not json");
        HttpResponse<String> notAvro =
                post("/subjects/bad-value/versions", "{\"schema\": \"{\\\"type\\\": \\\"recrd\\\"}\"}");
        HttpResponse<String> noSchema = post("/subjects/bad-value/versions", "{\"schemaa\": \"x\"}");

        assertThat(malformed.statusCode()).isEqualTo(422);
        assertThat(errorCode(malformed)).isEqualTo(422);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValue(RestSchemaRegistryClient.CONTENT_TYPE);
        assertThat(notAvro.statusCode()).isEqualTo(422);
        assertThat(errorCode(notAvro)).isEqualTo(42201);
        assertThat(noSchema.statusCode()).isEqualTo(422);
        assertThat(errorCode(noSchema)).isEqualTo(422);
    }

    @Test
    void shouldNameTheUrlWhenTheRegistryIsDown() throws IOException {
        String dead = deadUrl();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                List.of(dead), Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.getSchemaById(1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining(dead + "/schemas/ids/1")
                .hasMessageContaining("connection refused");
    }

    @Test
    void shouldNameTheUrlInTheSerializerErrorWhenTheRegistryIsDown() throws IOException {
        String dead = deadUrl();
        try (SpecificAvroSerializer<AgencyRecord> serializer = new SpecificAvroSerializer<>()) {
            // A 1 s retry budget rather than the default 30 s: the retry itself is RestSchemaRegistryClientRetryTest's;
            // this test asserts what the error names once the budget is spent.
            serializer.configure(
                    Map.of("schema.registry.url", dead, AvroSerdeConfig.RETRY_MAX_MS_CONFIG, 1_000L), false);

            assertThatThrownBy(() -> serializer.serialize("records.ingested.v1", SampleRecords.agencyRecord(1)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("records.ingested.v1-value")
                    .hasMessageContaining(dead)
                    .hasCauseInstanceOf(SchemaRegistryUnavailableException.class);
        }
    }

    @Test
    void shouldFailOverFromADeadUrlToALiveOne() throws IOException {
        String dead = deadUrl();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(dead, REGISTRY.url()));

        assertThat(client.register("failover-value", V1)).isPositive();
        assertThat(client.getLatestSchemaMetadata("failover-value").version()).isEqualTo(1);
    }

    @Test
    void shouldFailOverFromAServerErrorAndNameEveryUrlWhenAllFail() throws IOException {
        HttpServer broken = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger calls = new AtomicInteger();
        broken.createContext("/", exchange -> {
            calls.incrementAndGet();
            byte[] body = "{\"error_code\":50001,\"message\":\"store timed out\"}".getBytes();
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        broken.start();
        try {
            String brokenUrl = "http://127.0.0.1:" + broken.getAddress().getPort();
            assertThat(new RestSchemaRegistryClient(List.of(brokenUrl, REGISTRY.url())).register("five-xx-value", V1))
                    .isPositive();
            assertThat(calls).hasValue(1);

            String dead = deadUrl();
            assertThatThrownBy(() -> new RestSchemaRegistryClient(List.of(brokenUrl, dead)).getAllSubjects())
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining(brokenUrl + "/subjects (HTTP 503: store timed out)")
                    .hasMessageContaining(dead + "/subjects (connection refused)");
        } finally {
            broken.stop(0);
        }
    }

    @Test
    void shouldSendBasicAuthCredentialsAndReportRefusedOnes() {
        try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.builder(KAFKA.bootstrapServers())
                .topic("_schemas_secured")
                .basicAuth("alice", "s3cret")
                .start()) {
            RestSchemaRegistryClient withCredentials = new RestSchemaRegistryClient(
                    List.of(secured.url()),
                    Optional.of(new BasicAuthCredentials("alice", "s3cret")),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30));
            RestSchemaRegistryClient withoutCredentials = new RestSchemaRegistryClient(List.of(secured.url()));
            RestSchemaRegistryClient wrongPassword = new RestSchemaRegistryClient(
                    List.of(secured.url()),
                    Optional.of(new BasicAuthCredentials("alice", "guess")),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30));
            String userInUrl = secured.url().replace("http://", "http://alice:s3cret@");

            assertThat(withCredentials.register("secure-value", V1)).isPositive();
            assertThat(new RestSchemaRegistryClient(List.of(userInUrl)).getAllSubjects())
                    .containsExactly("secure-value");
            assertThatThrownBy(withoutCredentials::getAllSubjects)
                    .isInstanceOfSatisfying(
                            SchemaRegistryAuthenticationException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(401));
            assertThatThrownBy(wrongPassword::getAllSubjects)
                    .isInstanceOf(SchemaRegistryAuthenticationException.class)
                    .message()
                    .doesNotContain("guess");
            assertThat(new RestSchemaRegistryClient(List.of(userInUrl)).toString())
                    .doesNotContain("s3cret");
        }
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(REGISTRY.url() + path))
                .header("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private int errorCode(HttpResponse<String> response) throws IOException {
        JsonNode error = json.readTree(response.body());
        assertThat(error.path("message").asText()).isNotBlank();
        return error.path("error_code").asInt();
    }

    /** A URL on a port nothing listens on (bound, then released). */
    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
