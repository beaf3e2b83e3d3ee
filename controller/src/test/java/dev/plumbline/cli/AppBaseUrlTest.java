package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.DaemonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The address links point to when no notifications.base_url is set: the server's own, with its scheme. */
class AppBaseUrlTest {
    @TempDir
    Path dir;

    @Test
    void links_use_https_when_the_daemon_terminates_tls_itself() throws Exception {
        DaemonConfig tls = config("http: {bind: 0.0.0.0, tls: {keystore_file: k.p12, keystore_password_env: P}}");
        assertThat(App.baseUrl(tls, 8443)).isEqualTo("https://0.0.0.0:8443");
    }

    @Test
    void links_use_http_without_tls_and_the_configured_base_url_before_either() throws Exception {
        assertThat(App.baseUrl(config("http: {port: 9000}"), 9000)).isEqualTo("http://127.0.0.1:9000");
        DaemonConfig proxied = config("http: {bind: 0.0.0.0, behind_proxy: true}",
                "notifications: {base_url: 'https://plumbline.example.com'}");
        assertThat(App.baseUrl(proxied, 8750)).isEqualTo("https://plumbline.example.com");
    }

    private DaemonConfig config(String... lines) throws Exception {
        Path file = dir.resolve("plumbline.yaml");
        Files.writeString(file, "data_dir: data\n" + String.join("\n", lines) + "\n");
        return DaemonConfig.load(file);
    }
}
