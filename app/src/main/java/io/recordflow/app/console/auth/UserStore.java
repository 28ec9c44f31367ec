package io.recordflow.app.console.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's local accounts: a text file with one {@code name:role:hash} line per user ({@link PasswordHash}),
 * written by {@code recordflow console add-user} with owner-only permissions and read again at every sign-in, so
 * a new or changed user takes effect without a restart.
 */
public final class UserStore {

    /** A user as the file holds it. */
    public record User(String name, Role role, String hash) {}

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final Path file;

    public UserStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The user named {@code name}, if the file has one. */
    public Optional<User> find(String name) {
        return exists() ? Optional.ofNullable(read().get(name)) : Optional.empty();
    }

    /** False until the first user is added. */
    public boolean exists() {
        return Files.exists(file);
    }

    /** Adds {@code name} or replaces its role and password. */
    public synchronized void put(String name, Role role, char[] password) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "user name '" + name + "' must be 1 to 64 letters, digits or . _ @ - characters");
        }
        if (password.length < 12) {
            throw new IllegalArgumentException("the password of " + name + " must have at least 12 characters");
        }
        Map<String, User> users = Files.exists(file) ? read() : new LinkedHashMap<>();
        users.put(name, new User(name, role, PasswordHash.create(password)));
        List<String> lines = new ArrayList<>();
        lines.add(
                "# RecordFlow console users: name:role:pbkdf2-sha256$iterations$salt$hash (recordflow console add-user)");
        users.values().forEach(u -> lines.add(u.name() + ":" + u.role().label() + ":" + u.hash()));
        write(lines);
    }

    private void write(List<String> lines) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".users", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system (Windows): the folder's access rules apply.
            }
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the console users file " + file + ": " + e.getMessage(), e);
        }
    }

    private Map<String, User> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(
                    "the console users file " + file + " does not exist: create it with 'recordflow console add-user'",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console users file " + file + ": " + e.getMessage(), e);
        }
        Map<String, User> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", 3);
            if (parts.length != 3) {
                throw new IllegalStateException(file + " line " + (i + 1) + ": expected name:role:hash");
            }
            try {
                users.put(parts[0], new User(parts[0], Role.parse(parts[1]), parts[2]));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return users;
    }
}
