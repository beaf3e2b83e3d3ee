package dev.plumbline.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * POSTs a JSON body with short timeouts, for the webhook and Slack channels. Redirects are not followed: a
 * notification goes where it was configured to go, or fails.
 */
final class JsonPost {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Enough of an error response to explain it (Slack answers {@code no_service}); not a page of HTML. */
    private static final int EXCERPT_BYTES = 200;

    /** The status and the start of the body of a response. */
    record Response(int status, String excerpt) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient client;
    private final Duration requestTimeout;

    JsonPost() {
        this(CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }

    JsonPost(Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
    }

    /** Sends {@code body} as is: a signature over these bytes must match what the receiver reads. */
    Response post(URI url, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Plumbline")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            String start = new String(in.readNBytes(EXCERPT_BYTES), StandardCharsets.UTF_8);
            return new Response(response.statusCode(), start.replaceAll("\\s+", " ").strip());
        }
    }

    /**
     * A failure in a few words: the JDK's HTTP client often throws a ConnectException without a message, whose
     * cause says "Connection refused".
     */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return failure.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }

    /** The URL as it may appear in logs: no user info, query or fragment, which may carry tokens. */
    static String withoutSecrets(URI url) {
        return schemeAndHost(url) + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** Only where the URL points, for URLs that are secrets as a whole (a Slack incoming webhook). */
    static String schemeAndHost(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    /** Refuses anything but an absolute http(s) URL with a host; {@code doing} must not show a secret URL. */
    static URI requireHttp(URI url, String doing) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException(doing + ": expected an absolute http or https URL");
        }
        return url;
    }
}
