package io.recordflow.app.status;

import io.recordflow.registry.BasicAuthCredentials;
import io.recordflow.secrets.UrlRedaction;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * Reads the number of in-flight model calls from the enrich service's Prometheus endpoint: the sum of the samples of
 * {@value #RECORDFLOW_IN_FLIGHT} when it is exposed, else of every sample whose metric name mentions in-flight calls
 * ({@code *in_flight*} or {@code *inflight*}; Kafka's own {@code requests_in_flight} is then not a model call). The
 * limit of concurrent calls ({@value #RECORDFLOW_LIMIT}) is read from the same exposition.
 */
public final class EnrichMetricsProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** The gauge {@code recordflow enrich} exposes. */
    static final String RECORDFLOW_IN_FLIGHT = "recordflow_llm_in_flight_calls";
    /** The gauge of the limit of concurrent model calls {@code recordflow enrich} exposes. */
    static final String RECORDFLOW_LIMIT = "recordflow_llm_concurrency_limit";

    /** The probe's answer: values, or why there are none. */
    public record Result(OptionalDouble inFlight, OptionalDouble concurrencyLimit, String reason) {
        Result(OptionalDouble inFlight, String reason) {
            this(inFlight, OptionalDouble.empty(), reason);
        }

        public String describe() {
            return inFlight.isPresent() ? String.valueOf((long) inFlight.getAsDouble()) : "n/a (" + reason + ")";
        }

        /** The limit of concurrent model calls, or why it is not known. */
        public String describeLimit() {
            if (concurrencyLimit.isPresent()) {
                return (long) concurrencyLimit.getAsDouble() + " (model calls the enrich instance admits at once)";
            }
            return "n/a (" + (inFlight.isPresent() ? "the enrich service exposes no " + RECORDFLOW_LIMIT : reason)
                    + ")";
        }
    }

    private EnrichMetricsProbe() {}

    /**
     * Reads the in-flight gauge from {@code metricsUrl}; credentials in the URL go as basic auth (the JDK client
     * would drop them) and never into a message.
     */
    public static Result probe(String metricsUrl) {
        URI uri = URI.create(metricsUrl);
        String shown = UrlRedaction.redact(metricsUrl);
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(withoutUserInfo(uri))
                    .timeout(TIMEOUT)
                    .GET();
            if (uri.getRawUserInfo() != null) {
                request.header(
                        "Authorization",
                        BasicAuthCredentials.parse(uri.getUserInfo()).authorizationHeader());
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Result(OptionalDouble.empty(), shown + " answered HTTP " + response.statusCode());
            }
            OptionalDouble value;
            OptionalDouble limit;
            try {
                value = inFlight(response.body());
                limit = sum(response.body(), RECORDFLOW_LIMIT::equals);
            } catch (IllegalStateException e) {
                return new Result(OptionalDouble.empty(), shown + ": " + e.getMessage());
            }
            return new Result(value, limit, value.isPresent() ? "" : shown + " exposes no in-flight metric");
        } catch (IOException e) {
            return new Result(OptionalDouble.empty(), "enrich metrics at " + shown + " not reachable: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(OptionalDouble.empty(), "interrupted");
        }
    }

    private static URI withoutUserInfo(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("enrich.metrics.url is not a valid URL: " + e.getMessage(), e);
        }
    }

    /** The first message along the cause chain (the JDK's ConnectException carries none itself). */
    private static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return error instanceof java.net.ConnectException
                ? "cannot connect (ConnectException)"
                : error.getClass().getSimpleName();
    }

    /** Sums the samples of in-flight metrics in a Prometheus text exposition. */
    static OptionalDouble inFlight(String exposition) {
        boolean own = exposition
                .lines()
                .anyMatch(l -> l.startsWith(RECORDFLOW_IN_FLIGHT + " ") || l.startsWith(RECORDFLOW_IN_FLIGHT + "{"));
        return sum(
                exposition,
                name -> own
                        ? name.equals(RECORDFLOW_IN_FLIGHT)
                        : name.contains("in_flight") || name.contains("inflight"));
    }

    /** Sums the samples of the metrics whose (lower-case) name {@code names} accepts. */
    static OptionalDouble sum(String exposition, Predicate<String> names) {
        double sum = 0;
        boolean found = false;
        for (String line : exposition.split("\\R")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String name = line.split("[{\\s]", 2)[0].toLowerCase(Locale.ROOT);
            if (names.test(name)) {
                String[] parts = line.trim().split("\\s+");
                // Sample lines end with the value, optionally followed by a timestamp.
                String value = line.contains("}")
                        ? line.substring(line.lastIndexOf('}') + 1).trim().split("\\s+")[0]
                        : parts[1];
                try {
                    sum += Double.parseDouble(value);
                    found = true;
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("unreadable Prometheus sample: " + line, e);
                }
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
}
