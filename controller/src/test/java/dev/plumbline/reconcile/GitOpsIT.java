package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.DaemonConfig;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.policy.Decision;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.testing.InfraRepo;
import dev.plumbline.testing.RealToolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GitOps loop with real Git repositories, the real tofu, real state and a real H2 file. */
class GitOpsIT {
    private static final WorkspaceId HELLO = new WorkspaceId("infra", "hello");
    private static final WorkspaceId TEAMS = new WorkspaceId("infra", "team-settings");

    @TempDir
    Path tmp;

    private InfraRepo repo;
    private Database db;
    private Catalog catalog;
    private Reconciler reconciler;

    private String settings(String helloPolicy, String teamsPolicy) {
        Path out = tmp.resolve("managed");
        return """
                workspaces:
                  - name: hello
                    dir: workspaces/hello
                    %s
                    variables: {output_dir: "%s"}
                  - name: team-settings
                    dir: workspaces/team-settings
                    %s
                    variables: {output_dir: "%s"}
                """.formatted(helloPolicy, out, teamsPolicy, out);
    }

    private void start(String settingsYaml) throws Exception {
        Files.createDirectories(tmp.resolve("managed"));
        repo = InfraRepo.withExamples(tmp, settingsYaml);
        Path configFile = tmp.resolve("plumbline.yaml");
        Files.writeString(configFile, repo.daemonConfig("infra", tmp.resolve("data")));
        DaemonConfig config = DaemonConfig.load(configFile);
        db = Database.open(config.dataDir().resolve("plumbline"), config.dataDir().resolve("plan.key"));
        catalog = new Catalog(config.repos(), config.dataDir(), Map.of(), db.validSettings());
        reconciler = new Reconciler(db, catalog,
                new WorkspaceRunner(db, RealToolchain.get(), config.dataDir(), System.getenv()));
        catalog.refresh("infra");
    }

    @AfterEach
    void close() {
        if (catalog != null) {
            catalog.close();
        }
        if (db != null) {
            db.close();
        }
        if (repo != null) {
            repo.close();
        }
    }

    private Path managed(String file) {
        return tmp.resolve("managed").resolve(file);
    }

    @Test
    void drift_is_detected_stored_and_remediated_to_match_git() throws Exception {
        start(settings("apply: auto\n    drift: {on_drift: remediate}", "apply: auto"));
        assertThat(reconciler.reconcile(HELLO, Trigger.MANUAL, Attempt.FIRST, Cancellation.none()).applied()).isTrue();
        String original = Files.readString(managed("hello.txt"));

        Files.writeString(managed("hello.txt"), "changed by hand\n");
        Outcome o = reconciler.driftCheck(HELLO, Trigger.SCHEDULE, Attempt.FIRST, Cancellation.none());

        assertThat(o.plan().classification()).isEqualTo(Classification.DRIFTED);
        assertThat(db.drift().forRun(o.plan().runId())).singleElement().satisfies(f -> {
            assertThat(f.address()).isEqualTo("local_file.greeting");
            assertThat(f.action().prose()).isEqualTo("has been deleted");
            assertThat(f.before()).contains("Hello from");
        });
        assertThat(o.decision().verdict()).isEqualTo(Decision.Verdict.APPLY);
        assertThat(o.applied()).isTrue();
        assertThat(managed("hello.txt")).hasContent(original);
        assertThat(db.runs().find(o.plan().runId()).orElseThrow().commitSha())
                .isEqualTo(catalog.current("infra").revision().commit());
    }

    @Test
    void drift_is_only_reported_under_on_drift_report() throws Exception {
        start(settings("apply: auto", "apply: auto"));
        reconciler.reconcile(HELLO, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());
        Files.writeString(managed("hello.txt"), "changed by hand\n");

        Outcome o = reconciler.driftCheck(HELLO, Trigger.SCHEDULE, Attempt.FIRST, Cancellation.none());

        assertThat(o.plan().classification()).isEqualTo(Classification.DRIFTED);
        assertThat(o.decision().verdict()).isEqualTo(Decision.Verdict.REPORT_ONLY);
        assertThat(o.apply()).isNull();
        assertThat(managed("hello.txt")).hasContent("changed by hand\n");
    }

    @Test
    void a_plan_queued_by_another_daemon_for_a_newer_head_plans_that_head_and_not_this_daemons_recent_fetch()
            throws Exception {
        start(settings("apply: auto", "apply: auto"));
        reconciler.changedWorkspaces("infra"); // the first head, recorded; this daemon fetched it just now
        String changed = repo.write("workspaces/hello/main.tf", repo.read("workspaces/hello/main.tf")
                .replace("Hello from ${", "Hello again from ${")).commit("Greet again");
        try (Catalog other = new Catalog(DaemonConfig.load(tmp.resolve("plumbline.yaml")).repos(),
                Files.createDirectories(tmp.resolve("other-daemon")), Map.of(), db.validSettings())) {
            assertThat(new Reconciler(db, other, reconciler.runner()).changedWorkspaces("infra")).containsExactly(HELLO);
        }

        Outcome o = reconciler.reconcile(HELLO, Trigger.PUSH, Attempt.FIRST, Cancellation.none());

        assertThat(db.runs().find(o.plan().runId()).orElseThrow().commitSha()).isEqualTo(changed);
        assertThat(o.applied()).isTrue();
        assertThat(managed("hello.txt")).content().startsWith("Hello again from ");
    }

    @Test
    void a_force_push_back_past_a_head_another_daemon_recorded_plans_every_workspace_at_the_older_commit()
            throws Exception {
        start(settings("apply: auto", "apply: auto"));
        String first = repo.read("workspaces/hello/main.tf");
        String original = repo.commit("A commit to roll back to");
        reconciler.changedWorkspaces("infra"); // this daemon records the first head and never fetches the next
        repo.write("workspaces/hello/main.tf", first.replace("Hello from ${", "Hello again from ${"))
                .commit("Greet again");
        try (Catalog other = new Catalog(DaemonConfig.load(tmp.resolve("plumbline.yaml")).repos(),
                Files.createDirectories(tmp.resolve("other-daemon")), Map.of(), db.validSettings())) {
            assertThat(new Reconciler(db, other, reconciler.runner()).changedWorkspaces("infra")).containsExactly(HELLO);
        }
        repo.forcePushBack(original);

        // The recorded head is one this daemon never fetched and Git no longer has on the branch: it cannot tell
        // which files the rollback touches, so every workspace is planned, and the head follows Git back.
        assertThat(reconciler.changedWorkspaces("infra")).containsExactlyInAnyOrder(HELLO, TEAMS);
        assertThat(db.repoHeads().lastSeen("infra")).contains(original);
        assertThat(reconciler.changedWorkspaces("infra")).as("nothing new").isEmpty();
    }

    @Test
    void a_push_plans_only_the_workspaces_it_changes_and_applies_them() throws Exception {
        // local_file replaces the file when its content changes: a destroy, which this workspace allows.
        start(settings("apply: auto\n    allow_destroy: true", "apply: auto"));
        assertThat(reconciler.changedWorkspaces("infra")).as("the first sight of a repo plans nothing").isEmpty();
        for (WorkspaceId ws : java.util.List.of(HELLO, TEAMS)) {
            assertThat(reconciler.reconcile(ws, Trigger.MANUAL, Attempt.FIRST, Cancellation.none()).applied()).isTrue();
        }
        assertThat(reconciler.changedWorkspaces("infra")).as("nothing new").isEmpty();

        repo.write("workspaces/hello/main.tf", repo.read("workspaces/hello/main.tf")
                .replace("This file is managed by Plumbline.", "Updated through Git."));
        String pushed = repo.commit("Change the greeting");

        assertThat(reconciler.changedWorkspaces("infra")).containsExactly(HELLO);
        Outcome o = reconciler.reconcile(HELLO, Trigger.PUSH, Attempt.FIRST, Cancellation.none());
        assertThat(o.plan().classification()).isEqualTo(Classification.CHANGES_PENDING);
        assertThat(o.applied()).isTrue();
        assertThat(managed("hello.txt")).content().contains("Updated through Git.");
        assertThat(db.runs().find(o.apply().runId()).orElseThrow().commitSha()).isEqualTo(pushed);

        repo.write("modules/text-file/main.tf", repo.read("modules/text-file/main.tf") + "\n# a module comment\n");
        repo.commit("Touch the shared module");
        assertThat(reconciler.changedWorkspaces("infra")).containsExactly(TEAMS);
    }

    @Test
    void apply_approval_waits_for_approve_and_apply_refuses_unapproved_or_stale_plans() throws Exception {
        start(settings("apply: approval", "apply: approval"));
        Outcome planned = reconciler.reconcile(HELLO, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());
        assertThat(planned.decision().verdict()).isEqualTo(Decision.Verdict.AWAIT_APPROVAL);
        assertThat(managed("hello.txt")).doesNotExist();
        long runId = planned.plan().runId();

        assertThatThrownBy(() -> reconciler.apply(runId, "alice", Cancellation.none()))
                .isInstanceOf(Reconciler.PolicyRefusal.class).hasMessageContaining("not approved")
                .hasMessageContaining("plumbline approve " + runId);

        reconciler.approve(runId, "alice", "looks right");
        Outcome applied = reconciler.apply(runId, "alice", Cancellation.none());
        assertThat(applied.applied()).isTrue();
        assertThat(managed("hello.txt")).exists();
        assertThatThrownBy(() -> reconciler.apply(runId, "alice", Cancellation.none()))
                .hasMessageContaining("already applied");

        // A plan made before a commit that changes the workspace is stale, even when approved.
        repo.write("workspaces/hello/main.tf", repo.read("workspaces/hello/main.tf").replace("Hello from", "Hi from"));
        Outcome second = reconciler.plan(HELLO, Trigger.MANUAL, Cancellation.none());
        reconciler.approve(second.plan().runId(), "alice", null);
        repo.commit("Change after planning");
        catalog.refresh("infra");
        Outcome third = reconciler.plan(HELLO, Trigger.MANUAL, Cancellation.none());
        assertThat(third.plan().runId()).isNotEqualTo(second.plan().runId());
        repo.write("workspaces/hello/main.tf", repo.read("workspaces/hello/main.tf").replace("Hi from", "Hey from"));
        repo.commit("Another change");
        assertThatThrownBy(() -> reconciler.apply(third.plan().runId(), "alice", Cancellation.none()))
                .isInstanceOf(Reconciler.PolicyRefusal.class).hasMessageContaining("stale");
        assertThat(db.audit().recent(50)).anyMatch(e -> e.action().equals("apply.refused"));
    }

    @Test
    void a_plan_that_destroys_needs_approval_unless_allowed() throws Exception {
        start(settings("apply: auto", "apply: auto"));
        assertThat(reconciler.reconcile(TEAMS, Trigger.MANUAL, Attempt.FIRST, Cancellation.none()).applied()).isTrue();
        repo.write(".plumbline.yaml", repo.read(".plumbline.yaml").replace(
                "dir: workspaces/team-settings", "dir: workspaces/team-settings\n    variables: {output_dir: \""
                        + tmp.resolve("managed") + "\", teams: '[\"payments\"]'}").replaceFirst(
                "\\n    variables: \\{output_dir: \"[^\"]+\"\\}\\n?$", "\n"));
        repo.write("workspaces/team-settings/main.tf", repo.read("workspaces/team-settings/main.tf")
                .replace("default = [\"payments\", \"search\"]", "default = [\"payments\"]"));
        repo.commit("Drop the search team");
        catalog.refresh("infra");

        Outcome o = reconciler.reconcile(TEAMS, Trigger.PUSH, Attempt.FIRST, Cancellation.none());

        assertThat(o.decision().verdict()).isEqualTo(Decision.Verdict.AWAIT_APPROVAL);
        assertThat(o.decision().reason()).contains("destroys").contains("allow_destroy");
        assertThat(managed("search.conf")).exists();
    }

    @Test
    void an_invalid_settings_push_keeps_the_last_valid_settings_and_says_why() throws Exception {
        start(settings("apply: auto", "apply: auto"));
        repo.write(".plumbline.yaml", "workspaces:\n  - name: hello\n    dir: ../outside\n");
        repo.commit("Broken settings");

        Catalog.RepoView view = catalog.refresh("infra");

        assertThat(view.settingsError()).contains(".plumbline.yaml").contains("workspaces[0].dir");
        assertThat(view.settings().workspace("hello")).isPresent();
        Outcome o = reconciler.driftCheck(HELLO, Trigger.SCHEDULE, Attempt.FIRST, Cancellation.none());
        assertThat(o.plan().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void every_run_records_its_commit_and_unknown_workspaces_are_named() throws Exception {
        start(settings("apply: approval", "apply: approval"));
        reconciler.plan(HELLO, Trigger.MANUAL, Cancellation.none());
        assertThat(db.runs().list(Optional.of(HELLO), 10)).allSatisfy(r ->
                assertThat(r.commitSha()).isEqualTo(catalog.current("infra").revision().commit()));
        assertThat(db.runs().latest(HELLO, RunKind.PLAN)).isPresent();
        assertThatThrownBy(() -> reconciler.plan(new WorkspaceId("infra", "nope"), Trigger.MANUAL, Cancellation.none()))
                .hasMessageContaining("workspace infra/nope does not exist").hasMessageContaining("infra/hello");
    }
}
