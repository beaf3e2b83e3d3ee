package dev.plumbline.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.LogLine;
import dev.plumbline.store.LogStream;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import dev.plumbline.testing.TestServer;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live log of a run as server-sent events: lines as they are stored, then the end, and a resumed stream. */
class LogStreamTest {
    private static final WorkspaceId PROD = new WorkspaceId("infra", "prod");

    @TempDir
    Path dir;

    @Test
    void lines_written_while_the_stream_is_open_arrive_then_the_end() throws Exception {
        try (Database db = Database.open(dir.resolve("db"), dir.resolve("plan.key"));
                TestServer server = new TestServer(db, CodeHosts.of(List.of(), Map.of()), id -> { }, dir, () -> { })) {
            String token = new Tokens(db).create("watcher", Role.VIEWER, "test").text();
            db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
            long run = db.runs().start(NewRun.first(PROD, RunKind.PLAN, Trigger.MANUAL, "c0ffee", Tool.TOFU, "1"));
            db.logs().append(run, List.of(line("plumbline: tofu init")));
            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> stream = http.sendAsync(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.port() + "/api/v1/runs/" + run + "/log/stream"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(600);
            assertThat(stream).isNotDone();
            db.logs().append(run, List.of(line("Plan: 1 to add"), line("<b>not markup</b>")));
            db.runs().finish(run, RunOutcome.failed(1, "the plan failed"));

            HttpResponse<String> r = stream.get(20, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            String body = r.body();
            assertThat(body).contains("event: line", "id: 1", "id: 2", "id: 3")
                    .containsSubsequence("tofu init", "Plan: 1 to add", "\\u003Cb\\u003Enot markup", "event: end",
                            "\"status\":\"failed\"");
            assertThat(body).doesNotContain("<b>");

            HttpResponse<String> resumed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/api/v1/runs/" + run + "/log/stream")).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream").header("Last-Event-ID", "2").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(resumed.body()).doesNotContain("tofu init").doesNotContain("Plan: 1 to add")
                    .contains("id: 3").contains("event: end");
        }
    }

    private static LogLine line(String text) {
        return new LogLine(LogStream.STDOUT, text, Instant.now());
    }
}
