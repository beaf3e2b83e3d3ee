package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.domain.Run;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.testing.GeneratedInfra;
import dev.plumbline.testing.GitHubDouble;
import dev.plumbline.testing.GitLabDouble;
import dev.plumbline.testing.HostDouble;
import dev.plumbline.vcs.PullRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull requests end to end, with the real daemon, its HTTP server, a real repository with five workspaces, the real
 * tofu and a real H2 file; a WireMock server stands in for GitHub or GitLab.
 */
class PullRequestFlowIT {
    @TempDir
    Path tmp;

    private PullRequestDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void a_pull_request_on_a_shared_module_plans_its_two_users_keeps_one_report_and_is_applied_on_merge()
            throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        GeneratedInfra repo = daemon.repo;
        repo.branch("shared-v2").write("modules/shared/main.tf", GeneratedInfra.sharedModule("shared v2", false))
                .commit("Shared module v2");
        String first = daemon.publish(1, "shared-v2", false, true);

        assertThat(daemon.deliver(daemon.host.opened(1, first, "shared-v2")).statusCode()).isEqualTo(202);

        assertThat(daemon.reviewed(1, first, 2)).extracting(PullRequestPlan::workspace, PullRequestPlan::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alpha", PullRequestPlan.Status.PLANNED),
                        org.assertj.core.groups.Tuple.tuple("bravo", PullRequestPlan.Status.PLANNED));
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(1),
                r -> r.contains("| `alpha` | 4 | 0 | 0 |") && r.contains("| `bravo` | 3 | 0 | 0 |"));
        assertThat(daemon.lastReport(1)).contains(first.substring(0, 8)).doesNotContain("charlie", "delta", "echo");

        repo.write("modules/shared/main.tf", GeneratedInfra.sharedModule("shared v2", true)).commit("A second file");
        String second = daemon.publish(1, "shared-v2", false, true);
        assertThat(daemon.deliver(daemon.host.synchronized_(1, second, "shared-v2")).statusCode()).isEqualTo(202);

        daemon.reviewed(1, second, 2);
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(1),
                r -> r.contains("| `alpha` | 5 | 0 | 0 |") && r.contains("| `bravo` | 4 | 0 | 0 |")
                        && r.contains(second.substring(0, 8)));
        assertThat(daemon.host.createdComments(1)).as("one comment, edited in place").hasSize(1);
        assertThat(daemon.host.editedComments(daemon.host.commentId(1))).isNotEmpty();
        assertThat(finalStatuses(second)).containsOnlyKeys("plumbline/plan: infra/alpha", "plumbline/plan: infra/bravo")
                .allSatisfy((context, status) -> {
                    assertThat(status.path("state").asText()).isEqualTo("success");
                    assertThat(status.path("target_url").asText()).startsWith("http://127.0.0.1:" + daemon.port
                            + "/runs/");
                    assertThat(status.path("description").asText()).contains("to add");
                });
        assertThat(daemon.app.db.workspaceLocks().heldBy("infra", 1)).hasSize(2);

        String merge = repo.mergeIntoMain("shared-v2");
        daemon.host.pullRequest(1, second, "shared-v2", PullRequest.State.MERGED, false, true);
        daemon.deliver(daemon.host.push(merge));
        daemon.deliver(daemon.host.closed(1, second, "shared-v2", true));

        await().atMost(PullRequestDaemon.PATIENCE).until(() -> Files.exists(daemon.managed("bravo-shared.txt.extra"))
                && Files.exists(daemon.managed("alpha-shared.txt.extra")));
        assertThat(daemon.managed("alpha-shared.txt")).hasContent("shared v2 for alpha\n");
        assertThat(daemon.managed("alpha-token.txt")).content().contains(PullRequestDaemon.CANARY);
        assertThat(daemon.managed("charlie.txt")).doesNotExist();
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.app.db.pullRequestPlans()
                .atHead("infra", 1, second).stream().allMatch(r -> r.status() == PullRequestPlan.Status.APPLIED));
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(1),
                r -> r.contains("applied after the merge"));
        assertThat(daemon.app.db.workspaceLocks().heldBy("infra", 1)).isEmpty();
        assertThat(daemon.host.createdComments(1)).hasSize(1);

        // the canary went into a file through TF_VAR, but never into anything sent to the host
        assertThat(daemon.host.everyRequestBody()).isNotEmpty().noneMatch(b -> b.contains(PullRequestDaemon.CANARY)
                || b.contains(PullRequestDaemon.TOKEN) || b.contains(PullRequestDaemon.SECRET));
        long alphaPlan = daemon.app.db.pullRequestPlans().atHead("infra", 1, second).get(0).runId();
        assertThat(daemon.get("/runs/" + alphaPlan).body()).contains("5 to add")
                .doesNotContain(PullRequestDaemon.CANARY);
    }

    @Test
    void a_formatting_problem_fails_its_check_but_still_plans_and_an_invalid_workspace_is_not_planned()
            throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        GeneratedInfra repo = daemon.repo;
        repo.branch("unformatted").write("workspaces/charlie/main.tf", repo.read("workspaces/charlie/main.tf")
                .replace("  length = 2", "      length   =    2")).commit("Badly formatted");
        String unformatted = daemon.publish(2, "unformatted", false, true);
        repo.branch("invalid").write("workspaces/delta/broken.tf", "output \"broken\" {\n  value = var.nope\n}\n")
                .commit("Refers to an undeclared variable");
        String invalid = daemon.publish(3, "invalid", false, true);

        daemon.deliver(daemon.host.opened(2, unformatted, "unformatted"));
        daemon.deliver(daemon.host.opened(3, invalid, "invalid"));

        PullRequestPlan charlie = daemon.reviewed(2, unformatted, 1).get(0);
        assertThat(charlie.status()).isEqualTo(PullRequestPlan.Status.PLANNED);
        assertThat(charlie.fmtProblems()).containsExactly("workspaces/charlie/main.tf");
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(2),
                r -> r.contains("| `charlie` | 2 | 0 | 0 |"));
        assertThat(daemon.lastReport(2)).contains("format check failed",
                "failed, not formatted: `workspaces/charlie/main.tf`");
        JsonNode charlieStatus = finalStatuses(unformatted).get("plumbline/plan: infra/charlie");
        assertThat(charlieStatus.path("state").asText()).isEqualTo("failure");
        assertThat(charlieStatus.path("description").asText()).contains("2 to add", "fmt -check failed");

        PullRequestPlan delta = daemon.reviewed(3, invalid, 1).get(0);
        assertThat(delta.status()).isEqualTo(PullRequestPlan.Status.INVALID);
        assertThat(delta.validationMessage()).contains("Reference to undeclared input variable", "broken.tf");
        Run run = daemon.app.db.runs().find(delta.runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(dev.plumbline.domain.RunStatus.FAILED);
        assertThat(run.errorMessage()).contains("Reference to undeclared input variable");
        assertThat(daemon.app.db.plans().find(delta.runId())).as("not planned").isEmpty();
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(3),
                r -> r.contains("validation failed") && r.contains("Reference to undeclared input variable"));
        assertThat(finalStatuses(invalid).get("plumbline/plan: infra/delta").path("state").asText())
                .isEqualTo("failure");
    }

    @Test
    void apply_by_comment_is_refused_unless_approved_and_asked_by_a_writer_and_then_applies() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        daemon.repo.branch("echo").write("workspaces/echo/extra.tf", "output \"note\" {\n  value = \"echo\"\n}\n")
                .commit("Echo output");
        String head = daemon.publish(4, "echo", false, true);
        daemon.deliver(daemon.host.opened(4, head, "echo"));
        long planRun = daemon.reviewed(4, head, 1).get(0).runId();

        daemon.deliver(daemon.host.comment(4, 501, "outsider", "plumbline apply"));

        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(4), r -> r.contains("was refused"));
        assertThat(daemon.lastReport(4)).contains("the pull request is not approved",
                "@outsider may not push to the repository");
        assertThat(daemon.managed("echo.txt")).doesNotExist();

        daemon.host.pullRequest(4, head, "echo", PullRequest.State.OPEN, true, true);
        daemon.deliver(daemon.host.comment(4, 502, "outsider", "plumbline apply"));
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(4),
                r -> r.contains("was refused: @outsider may not push"));

        daemon.host.writer("maria-ops");
        daemon.deliver(daemon.host.comment(4, 503, "maria-ops", "plumbline apply"));

        await().atMost(PullRequestDaemon.PATIENCE).until(() -> Files.exists(daemon.managed("echo.txt")));
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.app.db.pullRequestPlans().atHead("infra", 4,
                head).get(0).status() == PullRequestPlan.Status.APPLIED);
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(4).contains("[applied]("));
        assertThat(daemon.app.db.approvals().find(planRun)).hasValueSatisfying(a ->
                assertThat(a.approvedBy()).isEqualTo("maria-ops"));
    }

    @Test
    void a_second_pull_request_on_a_locked_workspace_plans_but_its_apply_waits_for_the_lock() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        GeneratedInfra repo = daemon.repo;
        String original = repo.read("workspaces/delta/main.tf");
        repo.branch("delta-5").write("workspaces/delta/main.tf", original.replace("is ${", "from five is ${"))
                .commit("Delta from five");
        String five = daemon.publish(5, "delta-5", false, true);
        repo.branch("delta-6").write("workspaces/delta/main.tf", original.replace("is ${", "from six is ${"))
                .commit("Delta from six");
        String six = daemon.publish(6, "delta-6", true, true);
        daemon.host.writer("maria-ops");

        daemon.deliver(daemon.host.opened(5, five, "delta-5"));
        daemon.reviewed(5, five, 1);
        daemon.deliver(daemon.host.opened(6, six, "delta-6"));

        assertThat(daemon.reviewed(6, six, 1).get(0).status()).isEqualTo(PullRequestPlan.Status.PLANNED);
        assertThat(daemon.app.db.workspaceLocks().find("infra", "delta")).hasValueSatisfying(l ->
                assertThat(l.number()).isEqualTo(5));
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(6),
                r -> r.contains("`delta` is locked by #5"));

        daemon.deliver(daemon.host.comment(6, 601, "maria-ops", "plumbline apply"));
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(6),
                r -> r.contains("waiting for the lock: `delta` (locked by #5)"));
        assertThat(daemon.managed("delta.txt")).doesNotExist();

        daemon.host.pullRequest(5, five, "delta-5", PullRequest.State.CLOSED, false, true);
        daemon.deliver(daemon.host.closed(5, five, "delta-5", false));

        await().atMost(PullRequestDaemon.PATIENCE).until(() -> Files.exists(daemon.managed("delta.txt")));
        assertThat(daemon.managed("delta.txt")).content().startsWith("delta from six is ");
        assertThat(daemon.app.db.workspaceLocks().find("infra", "delta")).hasValueSatisfying(l ->
                assertThat(l.number()).isEqualTo(6));
    }

    @Test
    void a_gitlab_merge_request_is_planned_reported_once_and_applied_on_merge() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitLabDouble());
        GeneratedInfra repo = daemon.repo;
        repo.branch("charlie").write("workspaces/charlie/extra.tf", "output \"note\" {\n  value = \"one\"\n}\n")
                .commit("Charlie output");
        String first = daemon.publish(7, "charlie", false, true);

        assertThat(daemon.deliver(daemon.host.opened(7, first, "charlie")).statusCode()).isEqualTo(202);
        daemon.reviewed(7, first, 1);
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(7),
                r -> r.contains("| `charlie` | 2 | 0 | 0 |"));

        repo.write("workspaces/charlie/extra.tf", "output \"note\" {\n  value = \"two\"\n}\n").commit("Two");
        String second = daemon.publish(7, "charlie", false, true);
        daemon.deliver(daemon.host.synchronized_(7, second, "charlie"));
        daemon.reviewed(7, second, 1);
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(7),
                r -> r.contains(second.substring(0, 8)) && r.contains("| `charlie` | 2 | 0 | 0 |"));
        assertThat(daemon.host.createdComments(7)).hasSize(1);
        assertThat(daemon.host.editedComments(daemon.host.commentId(7))).isNotEmpty();
        assertThat(finalStatuses(second)).containsOnlyKeys("plumbline/plan: infra/charlie");
        assertThat(finalStatuses(second).get("plumbline/plan: infra/charlie").path("state").asText())
                .isEqualTo("success");

        String merge = repo.mergeIntoMain("charlie");
        daemon.host.pullRequest(7, second, "charlie", PullRequest.State.MERGED, false, true);
        daemon.deliver(daemon.host.closed(7, second, "charlie", true));
        daemon.deliver(daemon.host.push(merge));

        await().atMost(PullRequestDaemon.PATIENCE).until(() -> Files.exists(daemon.managed("charlie.txt")));
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(7),
                r -> r.contains("applied after the merge"));
        assertThat(daemon.host.everyRequestBody()).noneMatch(b -> b.contains(PullRequestDaemon.CANARY)
                || b.contains(PullRequestDaemon.TOKEN) || b.contains(PullRequestDaemon.SECRET));
    }

    @Test
    void a_branch_plan_that_differs_from_the_reviewed_plan_waits_for_approval_instead_of_applying() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        GeneratedInfra repo = daemon.repo;
        repo.branch("charlie-note").write("workspaces/charlie/extra.tf", "output \"note\" {\n  value = \"x\"\n}\n")
                .commit("Charlie output");
        String head = daemon.publish(8, "charlie-note", false, true);
        daemon.deliver(daemon.host.opened(8, head, "charlie-note"));
        long reviewedRun = daemon.reviewed(8, head, 1).get(0).runId();
        // meanwhile someone commits straight to main: the merge brings a change nobody reviewed on #8
        repo.checkout("main").write("workspaces/charlie/more.tf", "resource \"random_pet\" \"more\" {\n}\n")
                .commit("Straight to main");

        String merge = repo.mergeIntoMain("charlie-note");
        daemon.host.pullRequest(8, head, "charlie-note", PullRequest.State.MERGED, false, true);
        daemon.deliver(daemon.host.closed(8, head, "charlie-note", true));
        daemon.deliver(daemon.host.push(merge));

        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(8),
                r -> r.contains("differs from the plan reviewed here") && r.contains("random_pet.more"));
        PullRequestPlan row = daemon.app.db.pullRequestPlans().atHead("infra", 8, head).get(0);
        assertThat(row.status()).isEqualTo(PullRequestPlan.Status.DIVERGED);
        Run branchPlan = daemon.app.db.runs().latest(new dev.plumbline.domain.WorkspaceId("infra", "charlie"),
                dev.plumbline.domain.RunKind.PLAN).orElseThrow();
        assertThat(branchPlan.id()).isNotEqualTo(reviewedRun);
        assertThat(branchPlan.commitSha()).isEqualTo(merge);
        assertThat(daemon.app.db.runs().appliesOf(branchPlan.id())).as("waits for an approval").isEmpty();
        assertThat(daemon.app.db.audit().recent(20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("plan.diverged");
            assertThat(e.runId()).isEqualTo(branchPlan.id());
        });
        assertThat(daemon.managed("charlie.txt")).doesNotExist();
    }

    @Test
    void without_webhooks_the_poll_reviews_open_pull_requests_and_releases_the_locks_of_closed_ones()
            throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        daemon.repo.branch("echo").write("workspaces/echo/extra.tf", "output \"note\" {\n  value = \"e\"\n}\n")
                .commit("Echo output");
        String head = daemon.publish(9, "echo", false, true);
        daemon.host.openPullRequests(java.util.List.<Object[]>of(new Object[] {9, head, "echo"}));

        daemon.daemon.poll("infra");

        assertThat(daemon.reviewed(9, head, 1).get(0).status()).isEqualTo(PullRequestPlan.Status.PLANNED);
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(9).contains("| `echo` | 2 |"));
        assertThat(daemon.app.db.workspaceLocks().heldBy("infra", 9)).hasSize(1);
        daemon.daemon.poll("infra");
        Thread.sleep(1_000);
        assertThat(daemon.app.db.pullRequestPlans().ofPullRequest("infra", 9, PullRequestPlan.Status.values()))
                .as("a head is reviewed once").hasSize(1);

        daemon.host.openPullRequests(java.util.List.of());
        daemon.host.pullRequest(9, head, "echo", PullRequest.State.CLOSED, false, true);
        daemon.daemon.poll("infra");

        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.app.db.workspaceLocks().heldBy("infra", 9)
                .isEmpty());
    }

    /** The last status set per context (GitHub) or name (GitLab) on {@code sha}. */
    private java.util.Map<String, JsonNode> finalStatuses(String sha) {
        HostDouble host = daemon.host;
        java.util.Map<String, JsonNode> last = new java.util.TreeMap<>();
        host.statuses(sha).forEach(s -> last.put(host.context(s), s));
        return last;
    }
}
