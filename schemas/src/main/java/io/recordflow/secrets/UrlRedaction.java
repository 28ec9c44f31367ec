package io.recordflow.secrets;

import java.util.regex.Pattern;

/**
 * Hides the credentials a URL can carry before it is printed or logged: user info ({@code //user:password@}) and
 * secret-looking parameters ({@code ?password=...}, {@code ;apiKey=...}), as JDBC and HTTP URLs allow.
 */
public final class UrlRedaction {
    private static final String HIDDEN = "****";
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?#]*@");
    // Keys as drivers spell them: password, passwd, pwd, secret, token, apikey / api_key / api-key, sslpassword...
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;](?:[a-z0-9_.-]*password|passwd|pwd|[a-z0-9_.-]*secret|[a-z0-9_.-]*token|api[_-]?key)=)[^&;#]*");

    private UrlRedaction() {}

    /** {@code url} with its user info and secret parameters replaced by {@code ****}; null stays null. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String withoutUser = USER_INFO.matcher(url).replaceAll("//" + HIDDEN + "@");
        return SECRET_PARAMETER.matcher(withoutUser).replaceAll("$1" + HIDDEN);
    }
}
