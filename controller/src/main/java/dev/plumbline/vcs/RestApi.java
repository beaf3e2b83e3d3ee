package dev.plumbline.vcs;

import dev.plumbline.domain.Backoff;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over HTTP to one host's REST API, for the host clients: the token added to each request, a bounded retry on
 * rate limits and server errors, and error messages that name the call without the token.
 *
 * <p>Paths are relative to the API base and already encoded. Redirects are not followed: the JDK client would send
 * the Authorization header along to wherever the redirect points.
 */
public final class RestApi {
    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<Integer> SERVER_ERRORS = Set.of(500, 502, 503, 504);
    private static final int MAX_PAGES = 100;
    private static final int MAX_DETAIL = 300;

    /** A successful answer; {@code body} is a MissingNode when the host sent none. */
    public record Response(int status, HttpHeaders headers, JsonNode body) {
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    private final String base;
    private final Supplier<String> token;
    private final Map<String, String> headers;
    private final Backoff backoff;
    private final HttpClient http;

    /**
     * @param base    the API root, e.g. {@code https://api.github.com} or {@code https://gitlab.example.com/api/v4}
     * @param token   read at each request, sent as {@code Authorization: Bearer}
     * @param headers sent with every request (Accept, API version)
     */
    public RestApi(URI base, Supplier<String> token, Map<String, String> headers, Backoff backoff) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.token = token;
        this.headers = Map.copyOf(headers);
        this.backoff = backoff;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Response get(String doing, String path) {
        return call(doing, "GET", path, null, true, false).orElseThrow(() ->
                new VcsException(doing + ": the host answered with no body", (Throwable) null));
    }

    /** A GET where 404 means "there is none" rather than an error. */
    public Optional<Response> find(String doing, String path) {
        return call(doing, "GET", path, null, true, true);
    }

    /**
     * A request with a JSON body. {@code idempotent} says whether sending it twice is harmless: only then is it
     * tried again after a server error or a broken connection, since the host may have acted on the first one
     * (a second comment). Rate-limited requests are always tried again: the host refused them before acting.
     */
    public Response send(String doing, String method, String path, JsonNode body, boolean idempotent) {
        return call(doing, method, path, body, idempotent, false).orElseThrow(() ->
                new VcsException(doing + ": the host answered with no body", (Throwable) null));
    }

    /**
     * The elements of every page of a list, following {@code next} (the path of the page after a response) until
     * it gives none.
     */
    public List<JsonNode> getAll(String doing, String firstPath, Function<Response, Optional<String>> next) {
        List<JsonNode> all = new ArrayList<>();
        Optional<String> path = Optional.of(firstPath);
        for (int page = 1; path.isPresent(); page++) {
            if (page > MAX_PAGES) {
                throw new VcsException(doing + ": the list goes on past " + MAX_PAGES + " pages; stopped at "
                        + firstPath, 0);
            }
            Response r = get(doing, path.get());
            if (!r.body().isArray()) {
                throw new VcsException(doing + ": GET " + path.get() + " answered with no list", r.status());
            }
            r.body().forEach(all::add);
            path = next.apply(r);
        }
        return all;
    }

    /**
     * The path of an absolute URL the host handed back (a pagination link). One pointing anywhere but this API is
     * refused, so that the token is never sent elsewhere.
     */
    public String pathOf(String doing, String url) {
        if (!url.startsWith(base + "/")) {
            throw new VcsException(doing + ": the host linked to a page outside " + base, 0);
        }
        return url.substring(base.length());
    }

    private Optional<Response> call(String doing, String method, String path, JsonNode body, boolean idempotent,
                                    boolean notFoundIsEmpty) {
        String what = method + " " + path;
        for (int attempt = 1; ; attempt++) {
            String secret = token.get();
            if (secret == null || secret.isBlank()) {
                throw new VcsException(doing + ": no API token is available", 0);
            }
            HttpResponse<byte[]> r;
            try {
                r = http.send(request(doing, method, path, body, secret), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (!idempotent || attempt >= backoff.attempts()) {
                    throw new VcsException(doing + ": " + what + " failed: " + reason, e);
                }
                pause(doing, what + " failed (" + reason + ")", backoff.after(attempt), attempt);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VcsException(doing + ": " + what + " was interrupted", e);
            }
            int status = r.statusCode();
            if (status / 100 == 2) {
                return Optional.of(new Response(status, r.headers(), parse(doing, what, r)));
            }
            if (status == 404 && notFoundIsEmpty) {
                return Optional.empty();
            }
            boolean retryable = rateLimited(r) || (idempotent && SERVER_ERRORS.contains(status));
            String failure = doing + ": " + what + " answered " + status + detail(r, secret);
            if (!retryable) {
                throw new VcsException(failure, status);
            }
            if (attempt >= backoff.attempts()) {
                throw new VcsException(failure + " (gave up after " + attempt + " attempts)", status);
            }
            Duration wait = hintedWait(r).orElse(backoff.after(attempt));
            if (wait.compareTo(backoff.maxDelay()) > 0) {
                throw new VcsException(failure + " (rate limited: the host asks to wait " + wait.toSeconds()
                        + " s, longer than the " + backoff.maxDelay().toSeconds() + " s Plumbline waits)", status);
            }
            pause(doing, what + " answered " + status, wait, attempt);
        }
    }

    private HttpRequest request(String doing, String method, String path, JsonNode body, String secret) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(base + path));
        } catch (IllegalArgumentException e) {
            throw new VcsException(doing + ": invalid request path " + path, e);
        }
        b.timeout(TIMEOUT).header("User-Agent", "plumbline").header("Authorization", "Bearer " + secret);
        headers.forEach(b::header);
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(body);
            return b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json)).build();
        } catch (JsonProcessingException e) {
            throw new VcsException(doing + ": writing the request body: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode parse(String doing, String what, HttpResponse<byte[]> r) {
        if (r.body().length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new VcsException(doing + ": " + what + " answered " + r.statusCode() + " with a body that is not "
                    + "JSON", r.statusCode());
        }
    }

    /** The host's own explanation of an error, shortened, with the token cut out should the host echo it. */
    private static String detail(HttpResponse<byte[]> r, String secret) {
        String text;
        try {
            JsonNode n = Json.MAPPER.readTree(r.body());
            JsonNode message = n.has("message") ? n.get("message") : n.path("error");
            text = message.isTextual() ? message.textValue() : message.isMissingNode() ? "" : message.toString();
            JsonNode first = n.path("errors").path(0);
            String more = first.isTextual() ? first.textValue() : first.path("message").asText("");
            if (!more.isEmpty()) {
                text = text.isEmpty() ? more : text + " (" + more + ")";
            }
        } catch (IOException | RuntimeException e) {
            text = "";
        }
        text = text.replace(secret, "[token]").replaceAll("\\s+", " ").strip();
        if (text.length() > MAX_DETAIL) {
            text = text.substring(0, MAX_DETAIL) + "...";
        }
        return text.isEmpty() ? "" : ": " + text;
    }

    /** GitHub answers 403 when a rate limit is hit (with one of these headers), GitLab 429. */
    private static boolean rateLimited(HttpResponse<?> r) {
        return r.statusCode() == 429 || (r.statusCode() == 403
                && (r.headers().firstValue("x-ratelimit-remaining").filter("0"::equals).isPresent()
                || r.headers().firstValue("retry-after").isPresent()));
    }

    /** How long the host asked us to wait: Retry-After, else the reset time of its rate limit window. */
    private static Optional<Duration> hintedWait(HttpResponse<?> r) {
        Optional<String> retryAfter = r.headers().firstValue("retry-after").filter(v -> v.matches("\\d{1,9}"));
        if (retryAfter.isPresent()) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.get())));
        }
        Optional<String> reset = r.headers().firstValue("x-ratelimit-reset")
                .or(() -> r.headers().firstValue("ratelimit-reset")).filter(v -> v.matches("\\d{1,12}"));
        if (reset.isPresent() && (r.statusCode() == 429 || r.statusCode() == 403)) {
            long seconds = Long.parseLong(reset.get()) - System.currentTimeMillis() / 1000;
            return Optional.of(Duration.ofSeconds(Math.max(seconds, 0)));
        }
        return Optional.empty();
    }

    private void pause(String doing, String what, Duration wait, int attempt) {
        LOG.warn("{}: {}; retrying in {} ms (attempt {} of {})", doing, what, wait.toMillis(), attempt + 1,
                backoff.attempts());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VcsException(doing + ": interrupted while waiting to retry", e);
        }
    }
}
