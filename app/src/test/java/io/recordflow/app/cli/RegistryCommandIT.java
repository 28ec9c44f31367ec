package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.app.RecordFlow;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code recordflow registry}: the schema registry as a service of its own, its schemas kept in the cluster. */
class RegistryCommandIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Pattern SERVING = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SCHEMA = "{\"schema\": \"{\\\"type\\\": \\\"record\\\", \\\"name\\\": \\\"Probe\\\", "
            + "\\\"fields\\\": [{\\\"name\\\": \\\"id\\\", \\\"type\\\": \\\"string\\\"}]}\"}";

    @TempDir
    Path dir;

    @Test
    void shouldServeSchemasThatOutliveTheRegistryProcessAndRequireTheConfiguredCredentials() throws Exception {
        Path config = dir.resolve("registry.properties");
        Files.writeString(config, "schema.registry.basic.auth.user.info=records:s3cret\n");

        Running first = Running.start(
                "registry",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--port",
                "0",
                "--config",
                config.toString());
        HttpResponse<String> anonymous = HTTP.send(
                HttpRequest.newBuilder(URI.create(first.url() + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("without credentials").isEqualTo(401);
        HttpResponse<String> registered = HTTP.send(
                authorized(first.url() + "/subjects/probe-value/versions")
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(SCHEMA))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(first.stop()).as(first.output()).isZero();

        Running second = Running.start(
                "registry",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--port",
                "0",
                "--config",
                config.toString());
        HttpResponse<String> kept = HTTP.send(
                authorized(second.url() + "/subjects/probe-value/versions/1").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        Matcher id = ID.matcher(registered.body());
        assertThat(id.find()).as(registered.body()).isTrue();
        assertThat(kept.body()).contains("Probe").containsPattern("\"id\"\\s*:\\s*" + id.group(1) + "\\b");
        assertThat(second.stop()).as(second.output()).isZero();
    }

    private static HttpRequest.Builder authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString("records:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    /** One {@code recordflow registry} run in a thread of this JVM; interrupting the thread stops it like SIGTERM. */
    private record Running(Thread thread, StringWriter out, AtomicInteger exit, String url) {

        static Running start(String... args) {
            StringWriter out = new StringWriter();
            CommandLine cmd = RecordFlow.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(out, true));
            AtomicInteger exit = new AtomicInteger(-1);
            Thread thread = new Thread(() -> exit.set(cmd.execute(args)), "registry-command");
            thread.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SERVING.matcher(out.toString()).find() || !thread.isAlive());
            Matcher m = SERVING.matcher(out.toString());
            assertThat(m.find()).as(out.toString()).isTrue();
            return new Running(thread, out, exit, m.group(1));
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(30).toMillis());
            return exit.get();
        }

        String output() {
            return out.toString();
        }
    }
}
