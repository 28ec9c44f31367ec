package io.recordflow.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS context a registry client uses from a trust store (which server certificates to trust) and an
 * optional key store (the client certificate presented for mutual TLS). Without a trust store the JVM's default
 * trust applies.
 */
public final class TlsStores {

    /** A key or trust store file, its password and type ({@code PKCS12}, {@code JKS}), named by its setting. */
    public record Store(String setting, Path location, char[] password, String type) {}

    private TlsStores() {}

    /** The context for these stores; a store that cannot be read fails naming its setting. */
    public static SSLContext context(Optional<Store> trustStore, Optional<Store> keyStore, char[] keyPassword) {
        try {
            TrustManagerFactory trust = null;
            if (trustStore.isPresent()) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(trustStore.get()));
            }
            KeyManagerFactory keys = null;
            if (keyStore.isPresent()) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] password =
                        keyPassword != null ? keyPassword : keyStore.get().password();
                keys.init(load(keyStore.get()), password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Store store) {
        try (InputStream in = Files.newInputStream(store.location())) {
            KeyStore keyStore = KeyStore.getInstance(store.type());
            keyStore.load(in, store.password());
            return keyStore;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    store.setting() + "=" + store.location() + " cannot be read as a " + store.type() + " store: "
                            + e.getMessage(),
                    e);
        }
    }
}
