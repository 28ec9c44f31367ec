package io.recordflow.app.console;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.console.auth.Role;
import io.recordflow.app.console.auth.Sessions;
import io.recordflow.app.console.auth.SignIn;
import io.recordflow.app.console.auth.SignInThrottle;
import io.recordflow.app.console.auth.UserStore;
import io.recordflow.app.console.http.ConsoleServer;
import io.recordflow.app.console.http.Response;
import io.recordflow.app.console.http.Route;
import io.recordflow.app.console.pages.Layout;
import io.recordflow.app.kafka.OperatorProducer;
import io.recordflow.app.review.ReviewDecider;
import io.recordflow.app.review.ReviewSnapshot;
import io.recordflow.app.review.TaxonomyReference;
import io.recordflow.blob.BlobRoots;
import io.recordflow.enrich.taxonomy.TaxonomyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * The review console: a web application served by RecordFlow itself where records officers work the review queue
 * and operators watch the pipeline and redrive dead letters. This class wires the routes to their handlers; who may
 * use each route is stated here, next to it.
 */
public final class ReviewConsole implements AutoCloseable {

    private final ConsoleServer server;
    private final OperatorProducer producer;

    private ReviewConsole(ConsoleServer server, OperatorProducer producer) {
        this.server = server;
        this.producer = producer;
    }

    /** Starts the console against the cluster {@code client} describes. */
    public static ReviewConsole start(ClientConfig client, ConsoleConfig config) {
        UserStore users = new UserStore(config.usersFile());
        TaxonomyReference schedule;
        try {
            schedule = TaxonomyReference.load(config.taxonomy());
        } catch (TaxonomyException e) {
            throw new ConfigException(ConsoleConfig.TAXONOMY, config.taxonomy(), e.getMessage());
        }
        boolean tls = config.keyStore().isPresent();
        OperatorProducer producer = new OperatorProducer(client, "recordflow-console");
        try {
            Sessions sessions = new Sessions(config.sessionTimeout(), Clock.systemUTC());
            SignIn signIn = new SignIn(
                    users,
                    sessions,
                    new SignInThrottle(config.signInMaxFailures(), config.signInWindow(), Clock.systemUTC()),
                    producer,
                    tls);
            CachedSnapshot<ReviewSnapshot> reviewData = new CachedSnapshot<>(
                    () -> ReviewSnapshot.read(client, new ConsoleScanReporter()),
                    config.snapshotMaxAge(),
                    Clock.systemUTC());
            ReviewHandlers review = new ReviewHandlers(
                    client, schedule, BlobRoots.of(config.blobRoots()), new ReviewDecider(producer), reviewData);
            OperationsHandlers operations =
                    new OperationsHandlers(client, producer, reviewData, config.snapshotMaxAge());
            List<Route> routes = List.of(
                    Route.get("/assets/(console\\.css|console\\.js)", null, (r, m) -> asset(m.group(1))),
                    Route.get("/signin", null, (r, m) -> signIn.form(r)),
                    Route.post("/signin", null, (r, m) -> signIn.signIn(r)),
                    Route.post("/signout", Role.VIEWER, (r, m) -> signIn.signOut(r)),
                    Route.get("/", Role.VIEWER, (r, m) -> Response.redirect("/queue")),
                    Route.get("/queue", Role.VIEWER, review::queue),
                    Route.get("/records/([^/]+)", Role.VIEWER, review::record),
                    Route.get("/records/([^/]+)/original", Role.VIEWER, review::original),
                    Route.post("/records/([^/]+)/decide", Role.REVIEWER, review::decide),
                    Route.get("/records", Role.VIEWER, operations::records),
                    Route.get("/status", Role.VIEWER, operations::status),
                    Route.get("/dead-letters", Role.VIEWER, operations::deadLetters),
                    Route.get("/dead-letters/([^/]+)", Role.VIEWER, operations::deadLetter),
                    Route.post("/dead-letters/([^/]+)/redrive", Role.OPERATOR, operations::redrive));
            ConsoleServer server = ConsoleServer.start(
                    config.bind(),
                    config.port(),
                    config.keyStore().map(TlsContext::of),
                    sessions,
                    routes,
                    Layout::error);
            return new ReviewConsole(server, producer);
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    /** The console's root URL. */
    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    private static Response asset(String name) {
        try (InputStream in = ReviewConsole.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console asset " + name + " is missing from the jar");
            }
            String type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            return Response.bytes(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console asset " + name, e);
        }
    }

    @Override
    public void close() {
        server.close();
        producer.close();
    }
}
