package io.recordflow.embedded.connect;

import io.recordflow.embedded.jvm.JvmExitGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka Connect standalone worker running in this JVM, for the local mode and integration tests. Plugins
 * are found with {@code plugin.discovery=service_load} from the classpath's {@code META-INF/services} entries:
 * classpath scanning is slow and runs out of memory on small heaps. Its REST API listens on 127.0.0.1 at a free port
 * and answers status only ({@link ReadOnlyRestExtension}): connectors are managed through the herder in-process.
 */
public final class EmbeddedConnect implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedConnect.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String REST_EXTENSIONS = "rest.extension.classes";

    private final Connect<StandaloneHerder> connect;

    private EmbeddedConnect(Connect<StandaloneHerder> connect) {
        this.connect = connect;
    }

    /** Starts a worker against {@code bootstrapServers}; its source offsets live in {@code offsetsFile}. */
    public static EmbeddedConnect start(String bootstrapServers, Path offsetsFile, Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.discovery", "service_load");
        props.put("offset.storage.file.filename", offsetsFile.toAbsolutePath().toString());
        // Sink offsets are committed on this interval (after the task's preCommit); a minute is too slow locally.
        props.put("offset.flush.interval.ms", "2000");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        // Enrichments are written in Streams transactions: sinks must see only committed ones (Connect's default
        // consumer reads read_uncommitted, so an aborted enrichment would reach the records store).
        props.put("consumer.isolation.level", "read_committed");
        props.putAll(overrides);
        // Status only over HTTP: no local user may create, change or read connectors through the REST API.
        props.merge(REST_EXTENSIONS, ReadOnlyRestExtension.class.getName(), (given, ours) -> given + "," + ours);
        try {
            Files.createDirectories(offsetsFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Connect offsets folder for " + offsetsFile, e);
        }
        return new EmbeddedConnect(startWorker(props));
    }

    /**
     * Connect's CLI stops the worker and calls {@code Exit.exit} when it fails to start; in-process the guard refuses
     * that exit, so a worker whose REST API does not answer afterwards is reported as a start-up failure.
     */
    private static Connect<StandaloneHerder> startWorker(Map<String, String> props) {
        JvmExitGuard.acquire();
        try {
            @SuppressWarnings("unchecked")
            Connect<StandaloneHerder> started = (Connect<StandaloneHerder>) new ConnectStandalone().startConnect(props);
            URI url = started.rest().advertisedUrl();
            if (!answers(url)) {
                throw new ConnectException("the embedded Connect worker failed to start: its REST API at " + url
                        + " does not answer (the worker log above has the reason)");
            }
            LOG.info("Embedded Connect worker listening on {}", url);
            return started;
        } catch (RuntimeException e) {
            JvmExitGuard.release();
            throw e;
        }
    }

    private static boolean answers(URI url) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            LOG.warn("embedded Connect worker REST API at {} does not answer: {}", url, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while checking the embedded Connect worker at " + url, e);
        }
    }

    /** The worker's REST endpoint, e.g. {@code http://127.0.0.1:40123/}. */
    public URI restUrl() {
        return connect.rest().advertisedUrl();
    }

    /** Creates or updates a connector and waits until the worker accepted the configuration. */
    public ConnectorInfo putConnector(String name, Map<String, String> config) {
        Map<String, String> withName = new HashMap<>(config);
        withName.put("name", name);
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, withName, true, done);
        return await(done, "put connector " + name).result();
    }

    /** Deletes a connector and waits until it stopped. */
    public void deleteConnector(String name) {
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        connect.herder().deleteConnectorConfig(name, done);
        await(done, "delete connector " + name);
    }

    /** Current state of the connector and its tasks, or null when the worker does not know it. */
    public ConnectorStateInfo status(String name) {
        try {
            return connect.herder().connectorStatus(name);
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** True when the connector and every one of its (at least one) tasks report RUNNING. */
    public boolean isRunning(String name) {
        ConnectorStateInfo info = status(name);
        if (info == null || !"RUNNING".equals(info.connector().state())) {
            return false;
        }
        List<ConnectorStateInfo.TaskState> tasks = info.tasks();
        return !tasks.isEmpty() && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
    }

    @Override
    public void close() {
        try {
            connect.stop();
            connect.awaitStop();
        } finally {
            JvmExitGuard.release();
        }
    }

    private static <T> T await(FutureCallback<T> callback, String what) {
        try {
            return callback.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectException(
                    "embedded Connect worker could not " + what + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new ConnectException("embedded Connect worker did not " + what + " within " + REQUEST_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while waiting to " + what, e);
        }
    }
}
