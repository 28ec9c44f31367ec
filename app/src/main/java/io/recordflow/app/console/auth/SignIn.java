package io.recordflow.app.console.auth;

import io.recordflow.app.console.http.ConsoleServer;
import io.recordflow.app.console.http.Request;
import io.recordflow.app.console.http.Response;
import io.recordflow.app.console.pages.SignInPage;
import io.recordflow.app.kafka.OperatorProducer;
import io.recordflow.records.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in and sign-out: checks the password against the users file, rate-limits failures ({@link SignInThrottle}),
 * audits every attempt on records.audit.v1 (step {@value #AUDIT_STEP}, keyed {@code console-user:NAME}) and opens or
 * closes the session.
 */
public final class SignIn {

    /** Audit step of a sign-in attempt. */
    public static final String AUDIT_STEP = "CONSOLE_SIGN_IN";

    private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);
    /** Compared against when the user does not exist, so an unknown name takes as long as a wrong password. */
    private static final String DUMMY_HASH = PasswordHash.create("not a password of anyone".toCharArray());

    private final UserStore users;
    private final Sessions sessions;
    private final SignInThrottle throttle;
    private final OperatorProducer audit;
    private final boolean secureCookies;

    public SignIn(
            UserStore users,
            Sessions sessions,
            SignInThrottle throttle,
            OperatorProducer audit,
            boolean secureCookies) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        this.secureCookies = secureCookies;
    }

    /** GET /signin: the form, with a fresh form token in a cookie and a hidden field. */
    public Response form(Request request) {
        if (request.session().isPresent()) {
            return Response.redirect("/queue");
        }
        return form(safeNext(request.query("next")), Optional.empty(), 200);
    }

    private Response form(String next, Optional<String> problem, int status) {
        String token = Sessions.token();
        Optional<String> noUsers =
                users.exists() ? Optional.empty() : Optional.of(users.file().toString());
        return Response.html(status, SignInPage.render(token, next, problem, noUsers))
                .with("Set-Cookie", ConsoleServer.cookie(SignInPage.TOKEN, token, 3600, secureCookies));
    }

    /** POST /signin. */
    public Response signIn(Request request) {
        String next = safeNext(request.form("next"));
        String formToken = request.form(SignInPage.TOKEN);
        Optional<String> cookieToken = request.cookie(SignInPage.TOKEN);
        if (formToken.isEmpty()
                || cookieToken.isEmpty()
                || !MessageDigest.isEqual(
                        formToken.getBytes(StandardCharsets.UTF_8),
                        cookieToken.get().getBytes(StandardCharsets.UTF_8))) {
            return form(next, Optional.of("The sign-in form expired. Please try again."), 403);
        }
        String name = request.form("username").trim();
        String address = request.remoteAddress();
        if (!throttle.allows(name, address)) {
            record(name, address, Outcome.FAILURE, "rate limited");
            return form(
                    next,
                    Optional.of("Too many failed sign-ins. Try again in "
                            + throttle.window().toMinutes() + " minutes."),
                    429);
        }
        char[] password = request.form("password").toCharArray();
        Optional<UserStore.User> user = users.find(name);
        boolean ok =
                PasswordHash.matches(password, user.map(UserStore.User::hash).orElse(DUMMY_HASH)) && user.isPresent();
        if (!ok) {
            throttle.failed(name, address);
            record(name, address, Outcome.FAILURE, user.isPresent() ? "wrong password" : "unknown user");
            return form(next, Optional.of("Wrong user name or password."), 401);
        }
        throttle.succeeded(name);
        Sessions.Session session = sessions.open(user.get().name(), user.get().role());
        record(
                name,
                address,
                Outcome.SUCCESS,
                "signed in as " + user.get().role().label());
        return Response.redirect(next)
                .with(
                        "Set-Cookie",
                        ConsoleServer.cookie(
                                ConsoleServer.SESSION_COOKIE,
                                session.id(),
                                sessions.idleTimeout().toSeconds(),
                                secureCookies))
                .with("Set-Cookie", ConsoleServer.cookie(SignInPage.TOKEN, "", 0, secureCookies));
    }

    /** POST /signout. */
    public Response signOut(Request request) {
        sessions.close(request.requireSession().id());
        return Response.redirect("/signin")
                .with("Set-Cookie", ConsoleServer.cookie(ConsoleServer.SESSION_COOKIE, "", 0, secureCookies));
    }

    private void record(String name, String address, Outcome outcome, String reason) {
        if (outcome == Outcome.FAILURE) {
            LOG.warn("console: failed sign-in as '{}' from {}: {}", name, address, reason);
        } else {
            LOG.info("console: {} from {} {}", name, address, reason);
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("address", address);
        detail.put("reason", reason);
        audit.audit("console-user:" + name, AUDIT_STEP, outcome, "console:" + name, detail);
    }

    /** Only a path of this console: never an absolute or protocol-relative URL (no open redirect). */
    static String safeNext(String next) {
        return next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/queue";
    }
}
