package io.recordflow.embedded.connect;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;

/**
 * Makes the embedded worker's REST API answer status only: any other method or path, among them connector creation,
 * changes, deletion, logger levels and connector configs (which hold credentials), gets 403. RecordFlow manages its
 * connectors through the herder in-process, so no local user can add one over HTTP.
 */
public final class ReadOnlyRestExtension implements ConnectRestExtension {

    /** The worker's root, the connector names, and connector, task and topic status. */
    private static final Pattern STATUS_PATHS =
            Pattern.compile("/?(connectors(/[^/]+/(status|topics|tasks/\\d+/status))?)?/?");

    @Override
    public void register(ConnectRestExtensionContext context) {
        context.configurable().register(new StatusOnlyFilter());
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure: the rule is fixed.
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public void close() {
        // Holds no resources.
    }

    /** True when a request may pass: a GET or HEAD of a status path, without {@code expand=info} (configs). */
    static boolean allowed(String method, String path, List<String> expand) {
        return ("GET".equals(method) || "HEAD".equals(method))
                && STATUS_PATHS.matcher(path).matches()
                && (expand == null || !expand.contains("info"));
    }

    @PreMatching
    private static final class StatusOnlyFilter implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            if (!allowed(
                    request.getMethod(),
                    request.getUriInfo().getPath(),
                    request.getUriInfo().getQueryParameters().get("expand"))) {
                request.abortWith(Response.status(Response.Status.FORBIDDEN)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity("{\"error_code\":403,\"message\":\"the embedded Connect worker's REST API is read-only "
                                + "(status only); RecordFlow manages its connectors in-process\"}")
                        .build());
            }
        }
    }
}
