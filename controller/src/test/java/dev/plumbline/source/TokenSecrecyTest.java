package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token is a secret: it must reach the server and nothing else, not a message, not a log line. */
class TokenSecrecyTest {
    static final String CANARY = "canary-3f9b1c2d7e";
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2));

    @TempDir
    Path tmp;

    @Test
    void a_rejected_token_is_not_retried_and_appears_in_no_message_or_log() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                authorizations.add(auth);
            }
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/org/infra.git";
            AtomicInteger tokenReads = new AtomicInteger();
            GitRemote remote = new GitRemote("infra", url, "main", new GitRemote.Auth.Token(null, () -> {
                tokenReads.incrementAndGet();
                return CANARY;
            }));

            SourceException failure;
            List<String> logs;
            try (GitMirror mirror = new GitMirror(remote, tmp, FAST); LogCapture capture = new LogCapture()) {
                failure = catchThrowableOfType(SourceException.class, mirror::fetch);
                logs = capture.lines();
            }

            assertThat(tokenReads).as("one attempt: an auth failure is not retried").hasValue(1);
            assertThat(logs).noneMatch(line -> line.contains("retrying"));
            assertThat(authorizations).as("the token did reach the server").isNotEmpty();
            assertThat(new String(Base64.getDecoder().decode(authorizations.get(0).substring("Basic ".length())),
                    StandardCharsets.UTF_8)).isEqualTo("x-access-token:" + CANARY);
            assertThat(failure.getMessage()).contains("repo 'infra'", url, "branch 'main'", "authentication failed");
            assertThat(failure.isRetryable()).isFalse();
            assertNoCanary(failure, logs);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void a_refused_https_connection_keeps_the_token_out_of_messages_and_logs() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        connections.incrementAndGet(); // and close at once
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "https://127.0.0.1:" + socket.getLocalPort() + "/org/infra.git";
            AtomicInteger tokenReads = new AtomicInteger();
            GitRemote remote = new GitRemote("infra", url, "main", new GitRemote.Auth.Token("bot", () -> {
                tokenReads.incrementAndGet();
                return CANARY;
            }));

            SourceException failure;
            List<String> logs;
            try (GitMirror mirror = new GitMirror(remote, tmp, FAST); LogCapture capture = new LogCapture()) {
                failure = catchThrowableOfType(SourceException.class, mirror::fetch);
                logs = capture.lines();
            }

            assertThat(failure.getMessage()).contains("repo 'infra'", url, "gave up after 3 attempt(s)");
            assertThat(tokenReads).as("the token is read at each attempt").hasValue(3);
            assertThat(connections.get()).isGreaterThanOrEqualTo(3);
            assertNoCanary(failure, logs);
        }
    }

    @Test
    void the_token_is_not_shown_by_the_remote_value() {
        GitRemote remote = new GitRemote("infra", "https://example.com/org/infra.git", "main",
                new GitRemote.Auth.Token(null, () -> CANARY));

        assertThat(remote.toString()).doesNotContain(CANARY);
        assertThat(((GitRemote.Auth.Token) remote.auth()).username()).isEqualTo("x-access-token");
    }

    private static void assertNoCanary(Throwable failure, List<String> logs) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(CANARY);
            assertThat(t.toString()).doesNotContain(CANARY);
        }
        assertThat(trace.toString()).doesNotContain(CANARY);
        assertThat(logs).isNotEmpty().noneMatch(line -> line.contains(CANARY));
    }
}
