package io.recordflow.app.console.http;

import io.recordflow.app.console.auth.Role;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint: method, path pattern, the least role that may use it (null: no sign-in needed) and its handler. A POST
 * route with a role is state-changing: {@link ConsoleServer} requires the session's CSRF token on it.
 */
public record Route(String method, Pattern path, Role role, Handler handler) {

    /** Answers a request whose path matched; {@code match} holds the path's groups. */
    public interface Handler {
        Response handle(Request request, Matcher match) throws IOException;
    }

    public static Route get(String path, Role role, Handler handler) {
        return new Route("GET", Pattern.compile(path), role, handler);
    }

    public static Route post(String path, Role role, Handler handler) {
        return new Route("POST", Pattern.compile(path), role, handler);
    }

    public boolean stateChanging() {
        return "POST".equals(method);
    }
}
