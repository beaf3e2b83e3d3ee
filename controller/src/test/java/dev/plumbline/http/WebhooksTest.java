package dev.plumbline.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plumbline.config.Credentials;
import dev.plumbline.config.RepoConfig;
import dev.plumbline.config.VcsConfig;
import dev.plumbline.store.Database;
import dev.plumbline.testing.TestServer;
import dev.plumbline.testing.BadInput;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The {@code webhooks} corpus: requests to POST /webhooks/github and /webhooks/gitlab of a real started server
 * with a real store, written byte for byte on a socket (an HTTP client would refuse to send many of them). Each
 * must be answered with its status and one clean line, store and hand over nothing, log no stack trace, and be
 * answered in time.
 *
 * <p>Headers: {@code host: github|gitlab}, {@code status:}, {@code expect:}, {@code sign: true} to sign the body
 * with the configured secret (GitHub's HMAC, GitLab's token), {@code header.<Name>: value} (placeholders allowed;
 * it replaces a default), {@code omit: <Name>} to leave a default out. Defaults: {@code Content-Type:
 * application/json}, the host's event header ({@code push} / {@code Push Hook}) and a fresh delivery id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksTest {
    static final String GITHUB_SECRET = "s3cret-for-github-hooks";
    static final String GITLAB_TOKEN = "gl-token-1";
    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    static java.nio.file.Path dir;

    private Database db;
    private Server server;
    private final List<Long> handedOver = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final AtomicInteger deliveries = new AtomicInteger();

    @BeforeAll
    void start() {
        db = Database.open(dir.resolve("db"), dir.resolve("plan.key"));
        VcsConfig github = new VcsConfig(VcsConfig.Provider.GITHUB, URI.create("http://127.0.0.1:9"), "acme/infra",
                "GH_TOKEN", "GH_HOOK_SECRET", false, null);
        VcsConfig gitlab = new VcsConfig(VcsConfig.Provider.GITLAB, URI.create("http://127.0.0.1:9/api/v4"),
                "acme/platform/infra", "GL_TOKEN", "GL_HOOK_SECRET", false, null);
        CodeHosts hosts = CodeHosts.of(List.of(
                new RepoConfig("infra", "file:///nowhere", "main", Credentials.NONE, Duration.ofMinutes(1), github),
                new RepoConfig("platform", "file:///nowhere", "main", Credentials.NONE, Duration.ofMinutes(1), gitlab)),
                Map.of("GH_TOKEN", "t", "GH_HOOK_SECRET", GITHUB_SECRET, "GL_TOKEN", "t", "GL_HOOK_SECRET",
                        GITLAB_TOKEN));
        server = TestServer.start(db, hosts, handedOver::add, dir);
        log.start();
        root.addAppender(log);
    }

    @AfterAll
    void stop() {
        root.detachAppender(log);
        server.close();
        db.close();
    }

    @TestFactory
    Stream<DynamicTest> every_refused_request_is_answered_with_its_status_and_one_clean_line() {
        List<BadInput.Case> cases = BadInput.load("webhooks");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(BadInput.Case c) throws Exception {
        int storedBefore = db.webhookDeliveries().count();
        int handedBefore = handedOver.size();
        synchronized (log.list) {
            log.list.clear();
        }
        long t0 = System.nanoTime();
        Response r = send(c);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.status()).as("%s: status; body: %s", c, r.body()).isEqualTo(Integer.parseInt(c.header("status", "400")));
        BadInput.assertCleanError(c.toString(), r.body(), c.expected());
        assertThat(took).as("%s: time taken", c).isLessThan(BOUND);
        assertThat(db.webhookDeliveries().count()).as("%s: deliveries stored", c).isEqualTo(storedBefore);
        assertThat(handedOver).as("%s: deliveries handed over", c).hasSize(handedBefore);
        List<String> traces;
        synchronized (log.list) {
            traces = log.list.stream().filter(e -> e.getThrowableProxy() != null || e.getLevel() == Level.ERROR)
                    .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        }
        assertThat(traces).as("%s: errors or stack traces logged", c).isEmpty();
    }

    private record Response(int status, String body) { }

    /** Writes the request as the case gives it, byte for byte, and reads the answer to its end. */
    private Response send(BadInput.Case c) throws IOException, GeneralSecurityException {
        boolean github = c.header("host", "github").equals("github");
        byte[] body = c.input();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "Content-Type: application/json");
        String id = "corpus-" + deliveries.incrementAndGet() + "-" + System.nanoTime();
        if (github) {
            headers.put("x-github-event", "X-GitHub-Event: push");
            headers.put("x-github-delivery", "X-GitHub-Delivery: " + id);
        } else {
            headers.put("x-gitlab-event", "X-Gitlab-Event: Push Hook");
            headers.put("x-gitlab-webhook-uuid", "X-Gitlab-Webhook-UUID: " + id);
        }
        if (c.header("sign", "false").equals("true")) {
            if (github) {
                headers.put("x-hub-signature-256", "X-Hub-Signature-256: " + sign(body));
            } else {
                headers.put("x-gitlab-token", "X-Gitlab-Token: " + GITLAB_TOKEN);
            }
        }
        for (Map.Entry<String, String> h : c.headers().entrySet()) {
            if (h.getKey().startsWith("header.")) {
                String name = h.getKey().substring("header.".length());
                String key = name.toLowerCase(Locale.ROOT);
                if (name.contains("#")) {
                    name = name.substring(0, name.indexOf('#')); // a second header of the same name
                }
                String value = new String(BadInput.expand(h.getValue()), StandardCharsets.ISO_8859_1);
                headers.put(key, name + ": " + value);
            }
        }
        for (String omitted : c.header("omit", "").split("\\|")) {
            headers.remove(omitted.strip().toLowerCase(Locale.ROOT));
        }
        StringBuilder head = new StringBuilder("POST /webhooks/" + (github ? "github" : "gitlab") + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\nContent-Length: ").append(body.length).append("\r\n");
        headers.values().forEach(h -> head.append(h).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) BOUND.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException refusedMidway) {
                // the server may answer (413, 431) and close before the whole request is written
            }
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        assertThat(headEnd).as("a complete response: %s", text).isPositive();
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        boolean chunked = false;
        for (String line : lines) {
            chunked |= line.toLowerCase(Locale.ROOT).replace(" ", "").equals("transfer-encoding:chunked");
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        return new Response(status, new String(chunked ? unchunk(rest) : rest, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int eol = indexOf(chunked, at);
            int size = Integer.parseInt(new String(chunked, at, eol - at, StandardCharsets.US_ASCII).split(";")[0]
                    .strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, eol + 2, size);
            at = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }

    static String sign(byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(GITHUB_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
