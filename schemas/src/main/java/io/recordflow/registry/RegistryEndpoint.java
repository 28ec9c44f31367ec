package io.recordflow.registry;

import io.recordflow.secrets.UrlRedaction;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One registry base URL with credentials taken out of it, so that URLs can be logged and put into
 * exception messages without leaking a password.
 */
record RegistryEndpoint(String baseUrl, Optional<BasicAuthCredentials> credentials) {

    /**
     * Parses a configured URL. Explicit credentials win; otherwise credentials embedded in the URL
     * ({@code http://user:pass@host:8081}) are used, as with Confluent's {@code URL} source.
     */
    static RegistryEndpoint parse(String url, Optional<BasicAuthCredentials> explicit) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid schema registry URL: " + UrlRedaction.redact(url), e);
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "Schema registry URL must be http(s)://host[:port][/path], got: " + UrlRedaction.redact(url));
        }
        Optional<BasicAuthCredentials> fromUrl = Optional.ofNullable(uri.getRawUserInfo())
                .map(info -> BasicAuthCredentials.parse(URLDecoder.decode(info, StandardCharsets.UTF_8)));
        String base = uri.getScheme()
                + "://"
                + uri.getHost()
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new RegistryEndpoint(base, explicit.isPresent() ? explicit : fromUrl);
    }

    URI resolve(String path) {
        return URI.create(baseUrl + path);
    }

    @Override
    public String toString() {
        return baseUrl;
    }
}
