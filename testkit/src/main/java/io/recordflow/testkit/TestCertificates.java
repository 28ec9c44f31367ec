package io.recordflow.testkit;

import io.recordflow.embedded.kafka.KeyStoreFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed PKCS12 key and trust stores made with the JDK's keytool for TLS tests: a server key for 127.0.0.1,
 * a client key for mutual TLS, and for each a trust store holding only that certificate.
 */
public final class TestCertificates {

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final String password;

    private TestCertificates(Path directory, String password) {
        this.directory = directory;
        this.password = password;
    }

    /** Generates the server and client keys and their trust stores in {@code directory}, all with {@code password}. */
    public static TestCertificates create(Path directory, String password) {
        TestCertificates certificates = new TestCertificates(directory, password);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + directory, e);
        }
        certificates.keyPair("server", "CN=127.0.0.1", "SAN=ip:127.0.0.1,dns:localhost");
        certificates.trustStoreOf("server");
        certificates.keyPair("client", "CN=recordflow-client", null);
        certificates.trustStoreOf("client");
        return certificates;
    }

    /** Like {@link #create} in a new folder under {@code java.io.tmpdir}, for static fixtures built before JUnit runs. */
    public static TestCertificates createTemporary(String password) {
        try {
            Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
            return create(Files.createTempDirectory(tmp, "test-certificates-"), password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a folder for test certificates", e);
        }
    }

    /** The server's key store (certificate for ip 127.0.0.1 and localhost). */
    public KeyStoreFile serverKeys() {
        return store("server.p12");
    }

    /** A trust store holding only the server certificate: what clients set as {@code ssl.truststore.*}. */
    public KeyStoreFile serverTrust() {
        return store("server-trust.p12");
    }

    /** The client's key store for mutual TLS ({@code ssl.keystore.*}). */
    public KeyStoreFile clientKeys() {
        return store("client.p12");
    }

    /** A trust store holding only the client certificate: what a server requiring client certificates trusts. */
    public KeyStoreFile clientTrust() {
        return store("client-trust.p12");
    }

    /** A self-signed key, made on first use, that no other store here trusts, e.g. for a rogue client or broker. */
    public synchronized KeyStoreFile untrustedKeys(String name) {
        KeyStoreFile keys = store(name + ".p12");
        if (!Files.exists(keys.path())) {
            keyPair(name, "CN=" + name, "SAN=ip:127.0.0.1,dns:localhost");
        }
        return keys;
    }

    private KeyStoreFile store(String file) {
        return new KeyStoreFile(directory.resolve(file), password);
    }

    private void keyPair(String alias, String dname, String extension) {
        List<String> args = new ArrayList<>(List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                dname,
                "-validity",
                "2"));
        if (extension != null) {
            args.addAll(List.of("-ext", extension));
        }
        args.addAll(storeArgs(alias + ".p12"));
        args.addAll(List.of("-keypass", password));
        keytool(args);
    }

    private void trustStoreOf(String alias) {
        Path certificate = directory.resolve(alias + ".crt");
        List<String> export = new ArrayList<>(List.of("-exportcert", "-alias", alias, "-file", certificate.toString()));
        export.addAll(storeArgs(alias + ".p12"));
        keytool(export);
        List<String> trust =
                new ArrayList<>(List.of("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString()));
        trust.addAll(storeArgs(alias + "-trust.p12"));
        keytool(trust);
    }

    private List<String> storeArgs(String file) {
        return List.of(
                "-storetype",
                KeyStoreFile.TYPE,
                "-keystore",
                directory.resolve(file).toString(),
                "-storepass",
                password);
    }

    private static void keytool(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args.get(0) + " did not finish in time");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args.get(0) + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }
}
