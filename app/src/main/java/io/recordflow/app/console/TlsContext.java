package io.recordflow.app.console;

import io.recordflow.app.console.ConsoleConfig.KeyStoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The console's TLS server context from its key store settings. */
final class TlsContext {

    private TlsContext() {}

    static SSLContext of(KeyStoreSettings settings) {
        try (InputStream in = Files.newInputStream(settings.location())) {
            KeyStore store = KeyStore.getInstance(settings.type());
            store.load(in, settings.storePassword());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, settings.keyPassword());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(
                    ConsoleConfig.SSL_KEYSTORE_LOCATION,
                    settings.location().toString(),
                    "cannot load the console's TLS key store (check console.ssl.keystore.password " + Password.HIDDEN
                            + " and console.ssl.keystore.type): " + e.getMessage());
        }
    }
}
