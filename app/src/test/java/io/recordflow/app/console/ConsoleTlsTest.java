package io.recordflow.app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.app.config.ConfigSources;
import io.recordflow.app.console.auth.Role;
import io.recordflow.app.console.auth.UserStore;
import io.recordflow.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a key store configured the console speaks HTTPS only and marks its cookies Secure. No cluster is contacted. */
class ConsoleTlsTest {

    private static final String PASSWORD = "changeit-console";

    @TempDir
    Path dir;

    @Test
    void shouldServeHttpsOnlyWithSecureCookiesWhenAKeyStoreIsConfigured() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir.resolve("tls"), PASSWORD);
        Path users = dir.resolve("users.txt");
        new UserStore(users).put("rita", Role.REVIEWER, "a long enough password".toCharArray());
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsoleConfig.PORT, 0);
        settings.put(ConsoleConfig.USERS_FILE, users.toString());
        settings.put(
                ConsoleConfig.SSL_KEYSTORE_LOCATION,
                certificates.serverKeys().path().toString());
        settings.put(ConsoleConfig.SSL_KEYSTORE_PASSWORD, PASSWORD);
        ConsoleConfig config = new ConsoleConfig(settings);
        assertThat(config.masked()).containsEntry(ConsoleConfig.SSL_KEYSTORE_PASSWORD, "[hidden]");

        try (ReviewConsole console = ReviewConsole.start(
                ConfigSources.load(null, Map.of(), Map.of("bootstrap.servers", "127.0.0.1:1")), config)) {
            assertThat(console.url()).startsWith("https://127.0.0.1:");
            HttpClient https = HttpClient.newBuilder()
                    .sslContext(trusting(certificates.serverTrust().path()))
                    .build();

            HttpResponse<String> signin = https.send(
                    HttpRequest.newBuilder(URI.create(console.url() + "/signin"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(signin.statusCode()).isEqualTo(200);
            assertThat(signin.headers().firstValue("Set-Cookie"))
                    .hasValueSatisfying(c -> assertThat(c).contains("Secure", "HttpOnly", "SameSite=Strict"));
            String plain = console.url().replace("https://", "http://");
            assertThatThrownBy(() -> HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(plain + "/signin"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }

    private static SSLContext trusting(Path trustStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
