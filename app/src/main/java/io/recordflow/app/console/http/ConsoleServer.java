package io.recordflow.app.console.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.recordflow.app.console.auth.Sessions;
import io.recordflow.app.console.auth.Sessions.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP(S) server (the JDK's {@code com.sun.net.httpserver}): routes each request and enforces, in one
 * place for every route, sign-in, role and the CSRF token of state-changing requests, and the security headers of every
 * answer (CSP allowing only this server's own scripts and styles, no framing, no caching, no sniffing). The only
 * exception is the inline original of a PDF, which the record page frames: see {@link Response#embeddingOriginals}.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    /** Name of the session cookie. */
    public static final String SESSION_COOKIE = "rf_session";
    /** Name of the form field carrying the CSRF token. */
    public static final String CSRF_FIELD = "csrf";

    /** Header names of the policy a response may narrow or widen for itself (see {@link Response#embeddingOriginals}). */
    static final String CSP = "Content-Security-Policy";

    static final String FRAME_OPTIONS = "X-Frame-Options";

    /**
     * The policy of every answer unless it says otherwise: only this server's own scripts, styles and images, no
     * frames or plugins in the page, and the page itself may not be framed.
     */
    static final String DEFAULT_POLICY = policy("", "'none'");

    /** The record page of a PDF: it may frame this server's own documents (the inline original), nothing else. */
    static final String EMBEDDING_POLICY = policy("frame-src 'self'; ", "'none'");

    /** An inline original: framed by this server's record page only; it still loads nothing itself. */
    static final String FRAMED_POLICY = policy("", "'self'");

    private static String policy(String frames, String ancestors) {
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " + frames
                + "form-action 'self'; frame-ancestors " + ancestors + "; base-uri 'none'";
    }

    /** Renders an error page: status, title, message, the session if any. */
    public interface ErrorPage {
        Html render(int status, String title, String message, Optional<Session> session);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final boolean secure;

    private ConsoleServer(HttpServer server, ExecutorService executor, boolean secure) {
        this.server = server;
        this.executor = executor;
        this.secure = secure;
    }

    /** Listens at {@code bind}:{@code port} (HTTPS when {@code tls} is present) and serves {@code routes}. */
    public static ConsoleServer start(
            String bind, int port, Optional<SSLContext> tls, Sessions sessions, List<Route> routes, ErrorPage errors) {
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(bind, port);
            if (tls.isPresent()) {
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
                server = https;
            } else {
                server = HttpServer.create(address, 64);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot listen for the console on " + bind + " port " + port + " (console.bind, console.port): "
                            + e.getMessage(),
                    e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "recordflow-console-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ConsoleServer console = new ConsoleServer(server, executor, tls.isPresent());
        server.createContext("/", exchange -> console.handle(exchange, sessions, routes, errors));
        server.start();
        return console;
    }

    /** True when the console speaks HTTPS (its cookies are then Secure). */
    public boolean secure() {
        return secure;
    }

    /** The console's root URL, e.g. {@code http://127.0.0.1:8090}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return (secure ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + address.getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A Set-Cookie value with the console's cookie rules: HttpOnly, SameSite=Strict, Secure under TLS. */
    public static String cookie(String name, String value, long maxAgeSeconds, boolean secure) {
        return name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds
                + (secure ? "; Secure" : "");
    }

    private void handle(HttpExchange exchange, Sessions sessions, List<Route> routes, ErrorPage errors)
            throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            Optional<Session> session = Optional.ofNullable(
                            Request.cookies(exchange).get(SESSION_COOKIE))
                    .flatMap(sessions::find);
            Response response;
            try {
                response = route(exchange, method, path, session, routes, errors);
            } catch (RuntimeException | IOException e) {
                LOG.warn("console: {} {} failed", method, path, e);
                response = Response.html(
                        500,
                        errors.render(
                                500,
                                "Something went wrong",
                                e.getMessage() == null ? e.toString() : e.getMessage(),
                                session));
            }
            send(exchange, response);
        }
    }

    private Response route(
            HttpExchange exchange,
            String method,
            String path,
            Optional<Session> session,
            List<Route> routes,
            ErrorPage errors)
            throws IOException {
        // a malformed percent escape never gets here: the JDK server parses the request URI before routing
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher match = route.path().matcher(path);
            if (!match.matches()) {
                continue;
            }
            pathKnown = true;
            boolean head = "HEAD".equals(method) && "GET".equals(route.method());
            if (!route.method().equals(method) && !head) {
                continue;
            }
            Map<String, String> form = route.stateChanging() ? Request.readForm(exchange) : Map.of();
            Request request = new Request(exchange, form, session);
            if (route.role() != null) {
                Optional<Response> refused = refuse(route, request, session, errors);
                if (refused.isPresent()) {
                    return refused.get();
                }
            }
            return route.handler().handle(request, match);
        }
        return pathKnown
                ? Response.html(
                                405,
                                errors.render(
                                        405, "Method not allowed", method + " is not allowed on " + path, session))
                        .with("Allow", "GET, HEAD, POST")
                : Response.html(404, errors.render(404, "Not found", "There is no page at " + path + ".", session));
    }

    /** Why a request may not reach {@code route}: no session, no or a wrong CSRF token, or too small a role. */
    private static Optional<Response> refuse(
            Route route, Request request, Optional<Session> session, ErrorPage errors) {
        if (session.isEmpty()) {
            if (!route.stateChanging()) {
                return Optional.of(
                        Response.redirect("/signin?next=" + URLEncoder.encode(request.path(), StandardCharsets.UTF_8)));
            }
            return Optional.of(Response.html(
                    401,
                    errors.render(
                            401, "Sign in first", "Your session has expired or you are not signed in.", session)));
        }
        if (route.stateChanging() && !session.get().csrfMatches(request.form(CSRF_FIELD))) {
            LOG.warn(
                    "console: refused {} {} by {}: missing or wrong CSRF token",
                    request.method(),
                    request.path(),
                    session.get().user());
            return Optional.of(Response.html(
                    403,
                    errors.render(
                            403,
                            "Request refused",
                            "The form's security token is missing or out of date. Reload the page and try again.",
                            session)));
        }
        if (!session.get().role().allows(route.role())) {
            return Optional.of(Response.html(
                    403,
                    errors.render(
                            403,
                            "Not allowed",
                            "Your role (" + session.get().role().label() + ") may not do this; it needs the "
                                    + route.role().label() + " role.",
                            session)));
        }
        return Optional.empty();
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set(CSP, DEFAULT_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set(FRAME_OPTIONS, "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
        for (Map.Entry<String, String> h : response.headers()) {
            // a response's own framing policy replaces the default (two CSP headers would both be enforced)
            if (h.getKey().equals(CSP) || h.getKey().equals(FRAME_OPTIONS)) {
                headers.set(h.getKey(), h.getValue());
            } else {
                headers.add(h.getKey(), h.getValue());
            }
        }
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        boolean empty = head || response.body().length == 0;
        exchange.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
