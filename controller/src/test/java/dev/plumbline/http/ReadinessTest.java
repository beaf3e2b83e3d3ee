package dev.plumbline.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.store.Database;
import dev.plumbline.testing.TestServer;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /readyz} says which of the store, the scheduler and the tool is missing; {@code /healthz} only that the process answers. */
class ReadinessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void each_check_names_what_is_missing() throws Exception {
        Path tool = Files.createFile(dir.resolve("tofu"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        AtomicBoolean scheduler = new AtomicBoolean(true);
        try (Database db = Database.open(dir.resolve("db"), dir.resolve("plan.key"))) {
            ReadinessChecks checks = new ReadinessChecks(db, scheduler::get, tool);
            assertThat(checks.checks()).allMatch(Readiness.Check::ok).extracting(Readiness.Check::name)
                    .containsExactly("database", "scheduler", "toolchain");

            scheduler.set(false);
            Files.delete(tool);
            assertThat(checks.checks()).extracting(Readiness.Check::problem).containsExactly(null,
                    "the scheduler is not running", "the tool " + tool + " is not an executable file"
                            + " (runner-image/install-toolchain.sh installs it)");
        }
    }

    @Test
    void readyz_fails_once_the_database_is_gone_while_healthz_still_answers() throws Exception {
        Database db = Database.open(dir.resolve("db"), dir.resolve("plan.key"));
        try (TestServer server = new TestServer(db, CodeHosts.of(List.of(), Map.of()), id -> { }, dir, () -> { })) {
            HttpResponse<String> before = get(server, "/readyz");
            JsonNode checks = JSON.readTree(before.body()).path("checks");
            assertThat(checks.get(0).path("name").asText()).isEqualTo("database");
            assertThat(checks.get(0).path("ok").asBoolean()).as(before.body()).isTrue();

            db.close();

            HttpResponse<String> after = get(server, "/readyz");
            assertThat(after.statusCode()).isEqualTo(503);
            JsonNode gone = JSON.readTree(after.body());
            assertThat(gone.path("ready").asBoolean()).isFalse();
            assertThat(gone.path("checks").get(0).path("ok").asBoolean()).isFalse();
            assertThat(gone.path("checks").get(0).path("problem").asText()).startsWith("reaching the store: ");
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(TestServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
