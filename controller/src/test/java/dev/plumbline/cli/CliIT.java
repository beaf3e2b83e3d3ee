package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.plumbline.testing.InfraRepo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line as a user drives it: each command opens the daemon config, the real H2 file and the real Git
 * repository, and runs the real tofu. Nothing here asserts times.
 */
class CliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private InfraRepo repo;

    @AfterEach
    void closeRepo() {
        if (repo != null) {
            repo.close();
        }
    }

    /** What one command printed and returned. */
    private record Result(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Path managed(String file) {
        return tmp.resolve("managed").resolve(file);
    }

    /** A bare repo holding the example workspaces, hello under {@code helloPolicy}, and a daemon config following it. */
    private String configWith(String helloPolicy) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("managed"));
        repo = InfraRepo.withExamples(tmp.resolve("git"), """
                workspaces:
                  - name: hello
                    dir: workspaces/hello
                    %1$s
                    variables: {output_dir: "%2$s"}
                  - name: team-settings
                    dir: workspaces/team-settings
                    apply: auto
                    variables: {output_dir: "%2$s"}
                """.formatted(helloPolicy, out));
        Path config = tmp.resolve("plumbline.yaml");
        Files.writeString(config, repo.daemonConfig("infra", tmp.resolve("data")));
        return config.toString();
    }

    private static void assertCleanError(Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("plumbline: ").doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void drift_is_reported_as_json_with_exit_2_and_remediated() throws Exception {
        String config = configWith("apply: auto\n    drift: {on_drift: remediate}");

        Result reconcile = run("reconcile", "infra/hello", "--config", config, "--json");
        assertThat(reconcile.exit()).as(reconcile.err()).isZero();
        assertThat(managed("hello.txt")).exists();
        JsonNode reconciled = reconcile.json().at("/workspaces/0");
        assertThat(reconciled.path("apply_status").asText()).isEqualTo("succeeded");
        long reconcileRun = reconciled.path("run_id").asLong();
        long reconcileApply = reconciled.path("apply_run_id").asLong();
        String original = Files.readString(managed("hello.txt"));

        Files.writeString(managed("hello.txt"), "changed by hand\n");
        Result drift = run("drift", "infra/hello", "--config", config, "--json");

        assertThat(drift.exit()).as(drift.err()).isEqualTo(2);
        JsonNode checked = drift.json().path("workspaces");
        assertThat(checked).hasSize(1);
        JsonNode hello = checked.get(0);
        assertThat(hello.path("workspace").asText()).isEqualTo("infra/hello");
        assertThat(hello.path("run_id").isIntegralNumber()).isTrue();
        assertThat(hello.path("classification").asText()).isEqualTo("drifted");
        assertThat(hello.path("drifted").toString()).isEqualTo("[\"local_file.greeting\"]");
        assertThat(hello.path("apply_status").asText()).isEqualTo("succeeded");
        assertThat(managed("hello.txt")).as("remediated").hasContent(original);
        long driftRun = hello.path("run_id").asLong();
        long driftApply = hello.path("apply_run_id").asLong();

        Result runs = run("runs", "--config", config, "--json");
        assertThat(runs.exit()).as(runs.err()).isZero();
        List<String> listed = new ArrayList<>();
        runs.json().path("runs").forEach(r -> listed.add(r.path("id").asLong() + " " + r.path("workspace").asText()
                + " " + r.path("kind").asText() + " " + r.path("trigger").asText() + " " + r.path("status").asText()));
        assertThat(listed).containsExactly(
                driftApply + " infra/hello apply manual succeeded",
                driftRun + " infra/hello drift_check manual succeeded",
                reconcileApply + " infra/hello apply manual succeeded",
                reconcileRun + " infra/hello plan manual succeeded");

        Result show = run("show", Long.toString(driftRun), "--config", config, "--json");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.json().at("/run/classification").asText()).isEqualTo("drifted");
        assertThat(show.json().path("plan_text").asText()).contains("local_file.greeting");
        assertThat(show.json().at("/drift/0/address").asText()).isEqualTo("local_file.greeting");

        Result again = run("drift", "infra/hello", "--config", config, "--json");
        assertThat(again.exit()).as("in sync after remediation; " + again.err()).isZero();
        assertThat(again.json().at("/workspaces/0/classification").asText()).isEqualTo("in_sync");
    }

    /** The notifier is wired from the daemon config: a drift check's new drift reaches a webhook channel, once. */
    @Test
    void new_drift_found_by_the_cli_is_sent_to_the_configured_webhook_channel() throws Exception {
        WireMockServer receiver = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .dynamicPort());
        receiver.start();
        try {
            receiver.stubFor(WireMock.post(WireMock.urlPathEqualTo("/drift")).willReturn(WireMock.ok()));
            String config = configWith("apply: auto");
            // HOME is set wherever the tests run: it stands in for the signing secret's variable
            Files.writeString(Path.of(config), Files.readString(Path.of(config)) + """
                    notifications:
                      channels:
                        - webhook: {url: 'http://127.0.0.1:%d/drift', secret_env: HOME}
                    """.formatted(receiver.port()));
            assertThat(run("reconcile", "infra/hello", "--config", config).exit()).isZero();
            Files.writeString(managed("hello.txt"), "changed by hand\n");
            assertThat(run("drift", "infra/hello", "--config", config).exit()).isEqualTo(2);
            assertThat(run("drift", "infra/hello", "--config", config).exit()).as("the same drift again").isEqualTo(2);

            List<LoggedRequest> sent = receiver.findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/drift")));
            assertThat(sent).as("one event for new drift, none for the same drift seen again").hasSize(1);
            JsonNode event = JSON.readTree(sent.get(0).getBodyAsString());
            assertThat(event.toString()).contains("infra/hello", "local_file.greeting");
            // decided in the drift check's finishing transaction, and delivered before the command exited
            JsonNode outbox = run("notifications", "--config", config, "--json").json().path("notifications");
            assertThat(outbox).singleElement().satisfies(n -> {
                assertThat(n.path("state").asText()).isEqualTo("delivered");
                assertThat(n.path("attempts").asInt()).isEqualTo(1);
                assertThat(n.path("event_id").asText()).isEqualTo(event.path("event_id").asText())
                        .isEqualTo(sent.get(0).getHeader("X-Plumbline-Event-Id"));
            });
        } finally {
            receiver.stop();
        }
    }

    @Test
    void drift_all_checks_every_workspace_and_exits_0_when_in_sync() throws Exception {
        String config = configWith("apply: auto");
        assertThat(run("reconcile", "infra/hello", "--config", config).exit()).isZero();
        assertThat(run("reconcile", "infra/team-settings", "--config", config).exit()).isZero();

        Result drift = run("drift", "--all", "--config", config, "--json");

        assertThat(drift.exit()).as(drift.err()).isZero();
        List<String> checked = new ArrayList<>();
        drift.json().path("workspaces").forEach(w ->
                checked.add(w.path("workspace").asText() + " " + w.path("classification").asText()));
        assertThat(checked).containsExactly("infra/hello in_sync", "infra/team-settings in_sync");
    }

    @Test
    void apply_approval_applies_only_after_approve() throws Exception {
        String config = configWith("apply: approval");

        Result reconcile = run("reconcile", "infra/hello", "--config", config);

        assertThat(reconcile.exit()).as(reconcile.err()).isZero();
        assertThat(managed("hello.txt")).doesNotExist();
        Matcher m = Pattern.compile("infra/hello: run (\\d+) ").matcher(reconcile.out());
        assertThat(m.find()).as(reconcile.out()).isTrue();
        String runId = m.group(1);
        assertThat(reconcile.out()).contains("plumbline approve " + runId);

        Result refused = run("apply", runId, "--config", config);
        assertCleanError(refused);
        assertThat(refused.err()).contains("not approved");
        assertThat(managed("hello.txt")).doesNotExist();

        Result approve = run("approve", runId, "--config", config, "--by", "alice");
        assertThat(approve.exit()).as(approve.err()).isZero();
        assertThat(approve.out()).contains("run " + runId + " approved by alice");

        Result apply = run("apply", runId, "--config", config);
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(managed("hello.txt")).content().contains("This file is managed by Plumbline.");

        Result show = run("show", runId, "--config", config, "--json");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.json().path("plan_text").asText()).contains("local_file.greeting").contains("random_pet.name");
        assertThat(show.json().path("drift").isArray()).isTrue();
        assertThat(show.json().at("/approval/approved_by").asText()).isEqualTo("alice");
    }

    @Test
    void a_missing_config_file_is_named() {
        Path missing = tmp.resolve("nowhere.yaml");

        Result r = run("runs", "--config", missing.toString());

        assertCleanError(r);
        assertThat(r.err()).contains(missing.toString()).contains("does not exist");
    }

    @Test
    void an_unknown_config_field_is_named_with_its_file() throws Exception {
        Path config = Path.of(configWith("apply: auto"));
        Files.writeString(config, Files.readString(config) + "max_concurent_runs: 2\n");

        Result r = run("runs", "--config", config.toString());

        assertCleanError(r);
        assertThat(r.err()).contains(config.toString()).contains("max_concurent_runs").contains("unknown field");
    }

    @Test
    void an_unknown_workspace_is_named() throws Exception {
        String config = configWith("apply: auto");

        Result r = run("reconcile", "infra/nope", "--config", config);

        assertCleanError(r);
        assertThat(r.err()).contains("infra/nope").contains("infra/hello");
    }

    @Test
    void a_workspace_without_its_repo_is_a_usage_error() throws Exception {
        String config = configWith("apply: auto");

        Result r = run("drift", "nope", "--config", config);

        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(Main.USAGE);
        assertThat(r.err()).startsWith("plumbline: drift: invalid value for REPO/WORKSPACE: 'nope'")
                .contains("<repo>/<workspace>");
    }

    @Test
    void listing_the_runs_of_an_unknown_workspace_names_it_and_what_the_repo_has() throws Exception {
        String config = configWith("apply: auto");

        Result r = run("runs", "-w", "infra/nope", "--config", config);

        assertCleanError(r);
        assertThat(r.err()).contains("workspace infra/nope does not exist").contains("infra/hello");
    }

    @Test
    void applying_a_run_that_does_not_exist_is_refused() throws Exception {
        String config = configWith("apply: auto");

        Result r = run("apply", "9999", "--config", config);

        assertCleanError(r);
        assertThat(r.err()).contains("9999").contains("no such run");
    }
}
