package io.recordflow.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.app.console.auth.SignIn;
import io.recordflow.app.fixtures.TopicContents;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.Outcome;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every state-changing endpoint of the console refuses a request without a session, without or with a wrong CSRF
 * token, and from a role too small for it; and lets the right role through (so the refusals are not an accident of a
 * broken endpoint). Also: sign-in needs its form token, failed sign-ins are rate-limited and audited, cookies are
 * HttpOnly and SameSite=Strict, and every page carries the security headers. Plain HTTP, no browser.
 */
class ConsoleAuthorizationIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    @TempDir
    static Path work;

    private static ReviewConsole console;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A state-changing endpoint, the least role that may use it, one role below it (null if none) and a valid form. */
    record Endpoint(String path, String role, String tooSmall, Map<String, String> form) {
        @Override
        public String toString() {
            return "POST " + path;
        }
    }

    static List<Endpoint> stateChanging() {
        return List.of(
                new Endpoint(
                        "/records/" + ConsoleFixture.PERSONNEL + "/decide",
                        ConsoleFixture.REVIEWER,
                        ConsoleFixture.VIEWER,
                        Map.of("action", "accept", "note", "")),
                new Endpoint(
                        "/dead-letters/" + ConsoleFixture.DEAD_LETTER + "/redrive",
                        ConsoleFixture.OPERATOR,
                        ConsoleFixture.REVIEWER,
                        Map.of()),
                new Endpoint("/signout", ConsoleFixture.VIEWER, null, Map.of()));
    }

    @BeforeAll
    static void startConsole() throws IOException {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
        ConsoleConfig config = ConsoleFixture.seed(KAFKA.bootstrapServers(), REGISTRY.serdeConfig(), work);
        console = ReviewConsole.start(ConsoleFixture.client(KAFKA.bootstrapServers(), REGISTRY.url()), config);
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    /** A signed-in session: its cookie and the CSRF token of its forms. */
    record Session(String cookie, String csrf) {}

    private static HttpResponse<String> get(String path, Optional<String> cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.url() + path));
        cookie.ifPresent(c -> request.header("Cookie", c));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, Optional<String> cookie, Map<String, String> form)
            throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.url() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        cookie.ifPresent(c -> request.header("Cookie", c));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
    }

    private static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no field " + name + " in page");
        }
        return m.group(1);
    }

    private static HttpResponse<String> attemptSignIn(String user, String password) throws Exception {
        HttpResponse<String> form = get("/signin", Optional.empty());
        String token = cookie(form, "rf_signin").split(";")[0];
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("rf_signin", field(form.body(), "rf_signin"));
        fields.put("next", "/queue");
        fields.put("username", user);
        fields.put("password", password);
        return post("/signin", Optional.of(token), fields);
    }

    private static Session signIn(String user) throws Exception {
        HttpResponse<String> signedIn = attemptSignIn(user, ConsoleFixture.PASSWORD);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        String cookie = cookie(signedIn, "rf_session").split(";")[0];
        HttpResponse<String> queue = get("/queue", Optional.of(cookie));
        assertThat(queue.statusCode()).isEqualTo(200);
        return new Session(cookie, field(queue.body(), "csrf"));
    }

    private static Map<String, String> with(Map<String, String> form, String csrf) {
        Map<String, String> all = new LinkedHashMap<>(form);
        all.put("csrf", csrf);
        return all;
    }

    @ParameterizedTest
    @MethodSource("stateChanging")
    void shouldRefuseAStateChangingRequestWithoutASession(Endpoint endpoint) throws Exception {
        HttpResponse<String> response = post(endpoint.path(), Optional.empty(), with(endpoint.form(), "guess"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @MethodSource("stateChanging")
    void shouldRefuseAStateChangingRequestWithoutOrWithAWrongCsrfToken(Endpoint endpoint) throws Exception {
        Session session = signIn(endpoint.role());

        HttpResponse<String> missing = post(endpoint.path(), Optional.of(session.cookie()), endpoint.form());
        HttpResponse<String> wrong =
                post(endpoint.path(), Optional.of(session.cookie()), with(endpoint.form(), session.csrf() + "x"));

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).contains("security token");
        assertThat(wrong.statusCode()).isEqualTo(403);
    }

    @ParameterizedTest
    @MethodSource("stateChanging")
    void shouldRefuseAStateChangingRequestFromATooSmallRoleAndAllowTheRightOne(Endpoint endpoint) throws Exception {
        if (endpoint.tooSmall() != null) {
            Session small = signIn(endpoint.tooSmall());
            HttpResponse<String> refused =
                    post(endpoint.path(), Optional.of(small.cookie()), with(endpoint.form(), small.csrf()));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("Your role");
        }
        Session right = signIn(endpoint.role());

        HttpResponse<String> allowed =
                post(endpoint.path(), Optional.of(right.cookie()), with(endpoint.form(), right.csrf()));

        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(303);
    }

    @Test
    void shouldRedirectPagesToSignInWithoutASessionAndSendTheSecurityHeaders() throws Exception {
        HttpResponse<String> queue = get("/queue", Optional.empty());
        assertThat(queue.statusCode()).isEqualTo(303);
        assertThat(queue.headers().firstValue("Location")).hasValue("/signin?next=%2Fqueue");

        HttpResponse<String> signin = get("/signin", Optional.empty());
        assertThat(signin.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'", "script-src 'self'"));
        assertThat(signin.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(cookie(signin, "rf_signin")).contains("HttpOnly", "SameSite=Strict");
    }

    @Test
    void shouldIssueAnHttpOnlySameSiteStrictSessionCookieAndRefuseASignInWithoutItsFormToken() throws Exception {
        HttpResponse<String> signedIn = attemptSignIn(ConsoleFixture.VIEWER, ConsoleFixture.PASSWORD);
        assertThat(cookie(signedIn, "rf_session")).contains("HttpOnly", "SameSite=Strict", "Max-Age=1800");

        HttpResponse<String> forged = post(
                "/signin",
                Optional.empty(),
                Map.of("username", ConsoleFixture.VIEWER, "password", ConsoleFixture.PASSWORD, "next", "/queue"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("rf_session="));
    }

    @Test
    void shouldRateLimitAndAuditFailedSignIns() throws Exception {
        String user = "mallory";
        for (int i = 0; i < 3; i++) {
            assertThat(attemptSignIn(user, "wrong password " + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> limited = attemptSignIn(user, "wrong password 4");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("Too many failed sign-ins");
        List<AuditEvent> audited = new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url())
                .values(Topics.AUDIT).stream()
                        .filter(e -> e.getStep().equals(SignIn.AUDIT_STEP)
                                && e.getRecordId().equals("console-user:" + user))
                        .toList();
        assertThat(audited)
                .hasSize(4)
                .allSatisfy(e -> assertThat(e.getOutcome()).isEqualTo(Outcome.FAILURE));
        assertThat(audited.get(3).getDetail()).containsEntry("reason", "rate limited");
    }

    @Test
    void shouldLetOnlyTheRecordPageOfAPdfFrameItsOwnInlineOriginal() throws Exception {
        Session reviewer = signIn(ConsoleFixture.REVIEWER);
        Optional<String> cookie = Optional.of(reviewer.cookie());

        HttpResponse<String> queue = get("/queue", cookie);
        HttpResponse<String> image = get("/records/" + ConsoleFixture.SCAN, cookie);
        HttpResponse<String> pdfPage = get("/records/" + ConsoleFixture.PERSONNEL, cookie);
        HttpResponse<String> inline = get("/records/" + ConsoleFixture.PERSONNEL + "/original?inline=1", cookie);
        HttpResponse<String> download = get("/records/" + ConsoleFixture.PERSONNEL + "/original", cookie);

        for (HttpResponse<String> page : List.of(queue, image)) {
            assertThat(page.headers().allValues("Content-Security-Policy"))
                    .singleElement()
                    .satisfies(csp -> assertThat(csp)
                            .contains("default-src 'none'", "frame-ancestors 'none'")
                            .doesNotContain("frame-src", "object-src"));
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
        assertThat(pdfPage.body()).contains("<iframe class=\"preview\"");
        assertThat(pdfPage.headers().allValues("Content-Security-Policy"))
                .singleElement()
                .satisfies(csp -> assertThat(csp)
                        .contains("default-src 'none'", "frame-src 'self'", "frame-ancestors 'none'")
                        .doesNotContain("object-src"));
        assertThat(inline.statusCode()).isEqualTo(200);
        assertThat(inline.body()).startsWith("%PDF-");
        assertThat(inline.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(inline.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).startsWith("inline"));
        assertThat(inline.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(inline.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
        assertThat(inline.headers().allValues("Content-Security-Policy"))
                .singleElement()
                .satisfies(csp -> assertThat(csp)
                        .contains("default-src 'none'", "frame-ancestors 'self'")
                        .doesNotContain("frame-src"));
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void shouldNotShowAViewerTheOriginalOfARecordWithSensitiveFindings() throws Exception {
        Optional<String> cookie = Optional.of(signIn(ConsoleFixture.VIEWER).cookie());

        HttpResponse<String> page = get("/records/" + ConsoleFixture.PERSONNEL, cookie);
        HttpResponse<String> inline = get("/records/" + ConsoleFixture.PERSONNEL + "/original?inline=1", cookie);
        HttpResponse<String> download = get("/records/" + ConsoleFixture.PERSONNEL + "/original", cookie);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<iframe").contains("sensitive content");
        for (HttpResponse<String> original : List.of(inline, download)) {
            assertThat(original.statusCode()).isEqualTo(403);
            assertThat(original.body()).doesNotStartWith("%PDF-").contains("viewer role may not see");
        }
    }
}
