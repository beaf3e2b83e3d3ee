package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.ConfigException;
import dev.plumbline.testing.Keystores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's HTTP start with http.tls: HTTPS on the configured port, or one line naming what stopped it. */
class DaemonTlsTest {
    private static final String PASSWORD = "daemon-keystore-pass";

    @TempDir
    Path tmp;

    @Test
    void the_daemon_serves_https_with_the_keystore_named_in_its_config() throws Exception {
        Path keystore = Keystores.selfSigned(tmp.resolve("server.p12"), PASSWORD);
        Path config = config("http: {bind: 127.0.0.1, port: 0, tls: {keystore_file: server.p12,"
                + " keystore_password_env: KS_PASS}}");
        try (Daemon daemon = new Daemon(App.open(config, env(PASSWORD)))) {
            int port = daemon.startHttp();
            HttpResponse<String> r = HttpClient.newBuilder().sslContext(Keystores.trusting(keystore, PASSWORD))
                    .build().send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_wrong_keystore_password_stops_the_start_naming_the_file() throws Exception {
        Path keystore = Keystores.selfSigned(tmp.resolve("server.p12"), PASSWORD);
        Path config = config("http: {bind: 127.0.0.1, port: 0, tls: {keystore_file: server.p12,"
                + " keystore_password_env: KS_PASS}}");
        try (Daemon daemon = new Daemon(App.open(config, env("not-the-password")))) {
            assertThatThrownBy(daemon::startHttp).isInstanceOf(IllegalStateException.class)
                    .hasMessage("starting the HTTP server: http.tls.keystore_file " + keystore
                            + ": the password in KS_PASS does not open it");
        }
    }

    @Test
    void a_bind_beyond_loopback_without_tls_or_proxy_is_still_refused() throws Exception {
        Path config = config("http: {bind: 0.0.0.0, port: 0}");
        try (Daemon daemon = new Daemon(App.open(config, env(PASSWORD)))) {
            assertThatThrownBy(daemon::startHttp).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(config + ": http.bind: 0.0.0.0 is not a loopback address");
        }
    }

    private Path config(String http) throws Exception {
        Path file = tmp.resolve("plumbline.yaml");
        Files.writeString(file, "data_dir: data\npoll_interval: 1h\n" + http + "\n");
        return file;
    }

    private static Map<String, String> env(String password) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KS_PASS", password);
        return env;
    }
}
