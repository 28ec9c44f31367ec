package io.recordflow.embedded.kafka;

import java.nio.file.Path;
import java.util.Objects;

/** A PKCS12 key or trust store on disk with its password (also the password of the key inside it). */
public record KeyStoreFile(Path path, String password) {

    public static final String TYPE = "PKCS12";

    public KeyStoreFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "KeyStoreFile[" + path + ", password=[hidden]]";
    }
}
