package io.recordflow.enrich.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.FormDataFile;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The model servers' HTTP client for langchain4j, on Apache HttpClient 5 (classic): each exchange runs on the calling
 * model-call thread over a pooled keep-alive connection. langchain4j's default JDK client hands every exchange across
 * its selector and worker threads, which against a fast server cost more CPU per call than the rest of the client.
 * Credentials in the URL are sent as basic authentication. Errors map as that client maps them: a non-2xx status is
 * an {@link HttpException}, a timeout a {@link TimeoutException}, any other I/O failure an
 * {@link UncheckedIOException}.
 */
public final class ModelHttpClient implements HttpClient, AutoCloseable {
    /**
     * Connections kept per server. The call threads bound how many exchanges run at once (the admission limit sees to
     * that), so the pool must never be what makes a call wait: it is as large as the largest limit allowed.
     */
    static final int MAX_CONNECTIONS = 1_024;

    private final CloseableHttpClient client;

    private ModelHttpClient(Builder builder) {
        Timeout connect = Timeout.of(builder.connectTimeout);
        // A model server answers a non-streamed call at once when it is done, so the socket's read timeout (the longest
        // silence) is the longest call.
        Timeout read = Timeout.of(builder.readTimeout);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(read)
                                .setValidateAfterInactivity(Timeout.ofSeconds(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect)
                        .setResponseTimeout(read)
                        .setRedirectsEnabled(false)
                        .build())
                // The pipeline retries failed calls itself, with backoff and without holding a call thread.
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try {
            return client.execute(toApache(request), response -> {
                String body = bodyOf(response);
                if (!successful(response)) {
                    throw new HttpException(response.getCode(), body);
                }
                return respond(response, body);
            });
        } catch (IOException e) {
            throw mapped(e);
        }
    }

    /** Streams server-sent events on the calling thread: the listener has seen every event when this returns. */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        try {
            client.execute(toApache(request), response -> {
                if (!successful(response)) {
                    listener.onError(new HttpException(response.getCode(), bodyOf(response)));
                    return null;
                }
                listener.onOpen(respond(response, null));
                if (response.getEntity() != null) {
                    parser.parse(response.getEntity().getContent(), listener);
                }
                listener.onClose();
                return null;
            });
        } catch (IOException e) {
            listener.onError(mapped(e));
        } catch (RuntimeException e) {
            listener.onError(e);
        }
    }

    private static ClassicHttpRequest toApache(HttpRequest request) {
        URI uri = URI.create(request.url());
        ClassicRequestBuilder apache =
                ClassicRequestBuilder.create(request.method().name());
        request.headers().forEach((name, values) -> values.forEach(value -> apache.addHeader(name, value)));
        if (uri.getRawUserInfo() != null) {
            // Credentials in the base URL (a server behind a proxy with basic authentication) are sent as such; HTTP
            // clients refuse them inside the request URI.
            boolean authorized =
                    request.headers().keySet().stream().anyMatch(HttpHeaders.AUTHORIZATION::equalsIgnoreCase);
            if (!authorized) {
                apache.addHeader(HttpHeaders.AUTHORIZATION, basic(uri.getUserInfo()));
            }
            uri = withoutUserInfo(uri);
        }
        apache.setUri(uri);
        apache.setEntity(entity(request));
        return apache.build();
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static URI withoutUserInfo(URI uri) {
        String raw = uri.toString();
        int at = raw.indexOf(uri.getRawUserInfo() + "@");
        return URI.create(
                raw.substring(0, at) + raw.substring(at + uri.getRawUserInfo().length() + 1));
    }

    private static HttpEntity entity(HttpRequest request) {
        boolean form =
                !request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty();
        if (!form) {
            return request.body() == null ? null : new StringEntity(request.body(), ContentType.APPLICATION_JSON);
        }
        MultipartEntityBuilder multipart = MultipartEntityBuilder.create();
        request.formDataFields().forEach((name, value) -> multipart.addTextBody(name, value, ContentType.TEXT_PLAIN));
        for (Map.Entry<String, FormDataFile> file : request.formDataFiles().entrySet()) {
            FormDataFile data = file.getValue();
            multipart.addBinaryBody(
                    file.getKey(), data.content(), ContentType.parse(data.contentType()), data.fileName());
        }
        return multipart.build();
    }

    private static String bodyOf(ClassicHttpResponse response) throws IOException {
        try {
            return response.getEntity() == null
                    ? ""
                    : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
        } catch (ParseException e) {
            throw new IOException("unreadable response body: " + e.getMessage(), e);
        }
    }

    /** A 2xx status: what langchain4j's own client accepts as an answer (it follows no redirects either). */
    private static boolean successful(ClassicHttpResponse response) {
        return response.getCode() >= 200 && response.getCode() <= 299;
    }

    private static SuccessfulHttpResponse respond(ClassicHttpResponse response, String body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
        }
        return SuccessfulHttpResponse.builder()
                .statusCode(response.getCode())
                .headers(headers)
                .body(body)
                .build();
    }

    /** A timeout (connecting, or waiting for the answer) as langchain4j's; any other I/O failure unchecked. */
    private static RuntimeException mapped(IOException e) {
        if (e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException) {
            return new TimeoutException(e);
        }
        if (e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
        }
        return new UncheckedIOException(e.toString(), e);
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /**
     * langchain4j's builder contract (the models set both timeouts from their own {@code timeout}); it closes the
     * clients it built, since the models that hold them cannot.
     */
    public static final class Builder implements HttpClientBuilder, AutoCloseable {
        private final List<ModelHttpClient> built = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(15);
        private Duration readTimeout = Duration.ofSeconds(60);

        private Builder() {}

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            if (timeout != null) {
                this.connectTimeout = timeout;
            }
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            if (timeout != null) {
                this.readTimeout = timeout;
            }
            return this;
        }

        @Override
        public synchronized ModelHttpClient build() {
            ModelHttpClient client = new ModelHttpClient(this);
            built.add(client);
            return client;
        }

        @Override
        public synchronized void close() {
            built.forEach(ModelHttpClient::close);
            built.clear();
        }
    }
}
