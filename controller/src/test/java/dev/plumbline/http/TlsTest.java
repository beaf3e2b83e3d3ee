package dev.plumbline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.HttpSettings;
import dev.plumbline.config.TlsSettings;
import dev.plumbline.store.Database;
import dev.plumbline.testing.Keystores;
import dev.plumbline.testing.TestServer;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's own TLS, with a self-signed keystore made by the JDK's keytool: the real server speaks HTTPS only on
 * its port, and a keystore it cannot open stops the start with a message naming the file and field.
 */
class TlsTest {
    private static final String PASSWORD = "changeit-for-tests";
    private static final Map<String, String> ENV = Map.of("KS_PASS", PASSWORD);

    @TempDir
    Path dir;

    @Test
    void the_server_answers_over_https_and_not_in_plain_http_on_the_same_port() throws Exception {
        Path keystore = keystore("server.p12");
        Tls tls = Tls.open(new TlsSettings(keystore, "KS_PASS"), ENV::get);
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, false, new TlsSettings(keystore, "KS_PASS"));
        try (Database db = Database.open(dir.resolve("db"), dir.resolve("plan.key"));
             TestServer server = new TestServer(db, CodeHosts.of(List.of(), Map.of()), id -> { }, dir, () -> { },
                     null, settings, tls)) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(Keystores.trusting(keystore, PASSWORD))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> ok = trusting.send(request("https", server.port()),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("ok\n");

            int plain;
            try {
                plain = HttpClient.newHttpClient().send(request("http", server.port()),
                        HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException refused) {
                plain = -1;
            }
            assertThat(plain).as("plain HTTP on the HTTPS port").isNotEqualTo(200);
        }
    }

    @Test
    void a_missing_keystore_is_named_with_its_field() {
        Path absent = dir.resolve("absent.p12");
        assertThatThrownBy(() -> Tls.open(new TlsSettings(absent, "KS_PASS"), ENV::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("starting the HTTP server: http.tls.keystore_file " + absent + ": no such file");
    }

    @Test
    void a_wrong_password_is_named_without_the_password() throws Exception {
        Path keystore = keystore("server.p12");
        assertThatThrownBy(() -> Tls.open(new TlsSettings(keystore, "KS_PASS"), Map.of("KS_PASS", "not-it")::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("starting the HTTP server: http.tls.keystore_file " + keystore
                        + ": the password in KS_PASS does not open it");
    }

    @Test
    void a_file_that_is_no_keystore_or_a_directory_is_refused() throws Exception {
        Path pem = Files.writeString(dir.resolve("server.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n");
        assertThatThrownBy(() -> Tls.open(new TlsSettings(pem, "KS_PASS"), ENV::get))
                .hasMessageStartingWith("starting the HTTP server: http.tls.keystore_file " + pem
                        + ": not a PKCS12 keystore");
        Path folder = Files.createDirectory(dir.resolve("keys"));
        assertThatThrownBy(() -> Tls.open(new TlsSettings(folder, "KS_PASS"), ENV::get))
                .hasMessage("starting the HTTP server: http.tls.keystore_file " + folder
                        + ": is a directory, not a PKCS12 keystore");
    }

    @Test
    void an_unset_password_variable_is_named() throws Exception {
        Path keystore = keystore("server.p12");
        assertThatThrownBy(() -> Tls.open(new TlsSettings(keystore, "KS_PASS"), Map.<String, String>of()::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("starting the HTTP server: http.tls.keystore_password_env KS_PASS: is not set in the"
                        + " daemon's environment");
    }

    @Test
    void a_keystore_without_a_private_key_is_refused() throws Exception {
        Path keystore = keystore("server.p12");
        Path cert = dir.resolve("server.crt");
        keytool("-exportcert", "-alias", "plumbline", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        Path trustOnly = dir.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustOnly.toString(), "-storepass", PASSWORD);
        assertThatThrownBy(() -> Tls.open(new TlsSettings(trustOnly, "KS_PASS"), ENV::get))
                .hasMessage("starting the HTTP server: http.tls.keystore_file " + trustOnly
                        + ": holds no private key with its certificate");
    }

    private static HttpRequest request(String scheme, int port) {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(10)).build();
    }

    private Path keystore(String name) throws Exception {
        return Keystores.selfSigned(dir.resolve(name), PASSWORD);
    }

    private void keytool(String... args) throws Exception {
        Keystores.keytool(dir, args);
    }
}
