package io.recordflow.app.audit;

/** Names of the people behind operator actions, as recorded in audit events. */
public final class Actors {

    private Actors() {}

    /** The login name of whoever runs the command: {@code $USER}, else the JVM's user.name. */
    public static String currentUser() {
        String user = System.getenv("USER");
        return user != null && !user.isBlank() ? user : System.getProperty("user.name", "unknown");
    }
}
