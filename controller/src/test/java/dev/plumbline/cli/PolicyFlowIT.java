package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.AuditEvent;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.testing.GeneratedInfra;
import dev.plumbline.testing.GitHubDouble;
import dev.plumbline.testing.HostDouble;
import dev.plumbline.vcs.PullRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy sets end to end: the real daemon, the real tofu and the real OPA. A pull request replaces a protected
 * resource in one workspace and deletes a file holding a sensitive value in another; the report and the statuses
 * show the verdicts, the merge applies what only advisory sets denied and holds what a mandatory set denied, and an
 * operator's override, audited, applies it.
 */
class PolicyFlowIT {
    private static final WorkspaceId ALPHA = new WorkspaceId("infra", "alpha");
    private static final WorkspaceId CHARLIE = new WorkspaceId("infra", "charlie");
    private static final WorkspaceId DELTA = new WorkspaceId("infra", "delta");
    private static final WorkspaceId ECHO = new WorkspaceId("infra", "echo");
    /** What a pull request writes into the policies: it must judge nothing, since policies come from main. */
    private static final String HEAD_RULE =
            "package main\n\ndeny contains \"a rule of the pull request head\" if true\n";
    private static final String ORG_RULE = "package main\n\ndeny contains \"never\" if false\n";

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
    void a_protected_replacement_is_shown_held_after_the_merge_and_applied_by_an_audited_override()
            throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble(), policies(), PolicyFlowIT::repoPolicy);
        Reconciler reconciler = daemon.app.reconciler;

        // on main: creating passes every set; a warning shows and does not block; a broken mandatory set blocks
        assertThat(reconcile(CHARLIE).applied()).isTrue();
        Outcome alpha = reconcile(ALPHA);
        assertThat(alpha.applied()).isTrue();
        assertThat(results(alpha.plan().runId())).extracting(PolicyResult::set, PolicyResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("conftest", PolicyResult.Outcome.PASSED),
                        org.assertj.core.groups.Tuple.tuple("tidy", PolicyResult.Outcome.WARNED),
                        org.assertj.core.groups.Tuple.tuple("org", PolicyResult.Outcome.PASSED),
                        org.assertj.core.groups.Tuple.tuple("repo:infra", PolicyResult.Outcome.PASSED));
        Outcome delta = reconcile(DELTA);
        assertThat(delta.applied()).isFalse();
        assertThat(delta.decision().reason()).startsWith("mandatory policy set broken errored: evaluating policy set "
                + "broken: broken.rego:").contains("rego_parse_error");
        assertThat(daemon.managed("delta.txt")).doesNotExist();
        String petBefore = Files.readString(daemon.managed("charlie.txt"));

        // a drift remediation plan is checked too: this set leaves what changed outside Git to a person
        assertThat(reconcile(ECHO).applied()).isTrue();
        Files.writeString(daemon.managed("echo.txt"), "edited by hand\n");
        Outcome remediation = reconciler.driftCheck(ECHO, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());
        assertThat(remediation.applied()).isFalse();
        assertThat(remediation.plan().classification().wire()).isEqualTo("drifted");
        assertThat(remediation.decision().reason()).startsWith("mandatory policy set hands-off denied: "
                + "local_file.this changed outside Git; a person decides");
        assertThat(daemon.managed("echo.txt")).hasContent("edited by hand\n");

        GeneratedInfra repo = daemon.repo;
        String alphaTf = repo.read("workspaces/alpha/main.tf");
        repo.branch("risky")
                .write("workspaces/charlie/main.tf", repo.read("workspaces/charlie/main.tf")
                        .replace("length = 2", "length = 3"))
                .write("workspaces/alpha/main.tf",
                        alphaTf.substring(0, alphaTf.indexOf("resource \"local_file\" \"token\"")))
                .write("policy/own.rego", HEAD_RULE)
                .write("server-policy/org.rego", HEAD_RULE)
                .commit("Rename charlie's pet, drop alpha's token file");
        String head = daemon.publish(1, "risky", true, true);
        daemon.deliver(daemon.host.opened(1, head, "risky"));

        assertThat(daemon.reviewed(1, head, 2)).allMatch(r -> r.status() == PullRequestPlan.Status.PLANNED);
        String report = await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(1),
                r -> r.contains("#### Policies"));
        assertThat(report).contains(":no_entry: `protected` (mandatory): denied",
                "deny: `random_pet.name is protected and would be replaced`",
                ":warning: `conftest` (advisory): denied", "deny: `local_file.token would be deleted, it held ",
                ":warning: `tidy` (mandatory): warned", "`org` (mandatory): passed", "`repo:infra` (advisory): passed")
                .doesNotContain(PullRequestDaemon.CANARY, "a rule of the pull request head");
        Map<String, JsonNode> statuses = finalStatuses(head);
        assertThat(statuses.get("plumbline/policy: infra/charlie").path("state").asText()).isEqualTo("failure");
        assertThat(statuses.get("plumbline/policy: infra/charlie").path("description").asText())
                .isEqualTo("protected denied: random_pet.name is protected and would be replaced");
        assertThat(statuses.get("plumbline/policy: infra/alpha").path("state").asText()).isEqualTo("success");

        // the server set's file goes back before the merge: a pull request that changes it is for review, not this test
        repo.write("server-policy/org.rego", ORG_RULE).commit("Leave the server's policies alone");
        String merge = repo.mergeIntoMain("risky");
        daemon.host.pullRequest(1, head, "risky", PullRequest.State.MERGED, true, true);
        daemon.deliver(daemon.host.push(merge));
        daemon.deliver(daemon.host.closed(1, head, "risky", true));

        // only advisory sets denied alpha's plan: it is applied; charlie's waits
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> !Files.exists(daemon.managed("alpha-token.txt")));
        Run held = await().atMost(PullRequestDaemon.PATIENCE).until(() -> decided(CHARLIE, merge),
                Optional::isPresent).get();
        assertThat(audit("plan.decision", held.id())).singleElement().extracting(AuditEvent::detail).asString()
                .startsWith("await_approval: mandatory policy set protected denied: random_pet.name is protected")
                .endsWith("plumbline approve --override-policy protected " + held.id());
        assertThat(daemon.app.db.runs().appliesOf(held.id())).isEmpty();
        assertThat(daemon.managed("charlie.txt")).hasContent(petBefore);

        assertThatThrownBy(() -> reconciler.apply(held.id(), "operator", Cancellation.none()))
                .isInstanceOf(Reconciler.PolicyRefusal.class)
                .hasMessageContaining("mandatory policy set protected denied");
        assertThatThrownBy(() -> reconciler.approve(held.id(), "operator", null, List.of("tidy")))
                .isInstanceOf(Reconciler.PolicyRefusal.class)
                .hasMessage("approving run " + held.id() + " with --override-policy tidy: policy set tidy did not "
                        + "check this plan (the failing mandatory sets are protected)");

        reconciler.approve(held.id(), "operator-alice", "the rename is planned", List.of("protected"));
        assertThat(reconciler.apply(held.id(), "operator-alice", Cancellation.none()).applied()).isTrue();
        assertThat(Files.readString(daemon.managed("charlie.txt"))).isNotEqualTo(petBefore);
        assertThat(audit("policy.overridden", held.id())).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("operator-alice");
            assertThat(e.detail()).startsWith("overrode mandatory policy set protected (denied) for plan sha256 ")
                    .endsWith(": the rename is planned");
        });
        assertThat(daemon.host.everyRequestBody()).noneMatch(b -> b.contains(PullRequestDaemon.CANARY));
        assertThat(daemon.app.db.policyResults().forRun(alpha.plan().runId()).toString())
                .doesNotContain(PullRequestDaemon.CANARY);
    }

    private Outcome reconcile(WorkspaceId id) {
        return daemon.app.reconciler.reconcile(id, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());
    }

    private List<PolicyResult> results(long runId) {
        return daemon.app.db.policyResults().forRun(runId);
    }

    /** The branch plan of {@code ws} at {@code commit}, once its decision is recorded. */
    private Optional<Run> decided(WorkspaceId ws, String commit) {
        return daemon.app.db.runs().list(Optional.of(ws), 20).stream()
                .filter(r -> r.kind() == RunKind.PLAN && r.status() == RunStatus.SUCCEEDED
                        && commit.equals(r.commitSha()) && r.trigger() != Trigger.PULL_REQUEST)
                .filter(r -> !audit("plan.decision", r.id()).isEmpty()).findFirst();
    }

    private List<AuditEvent> audit(String action, long runId) {
        return daemon.app.db.audit().recent(500).stream()
                .filter(e -> e.action().equals(action) && Long.valueOf(runId).equals(e.runId())).toList();
    }

    private Map<String, JsonNode> finalStatuses(String sha) {
        HostDouble host = daemon.host;
        Map<String, JsonNode> last = new TreeMap<>();
        host.statuses(sha).forEach(s -> last.put(host.context(s), s));
        return last;
    }

    /** The repository's own policies, which ask to be mandatory and try to empty main.deny. */
    private static void repoPolicy(GeneratedInfra repo) throws Exception {
        repo.write("policy/own.rego", "package main\n\ndeny := set()\n");
        repo.write("server-policy/org.rego", ORG_RULE);
        repo.write(".plumbline.yaml", repo.read(".plumbline.yaml").replace("dir: workspaces/echo\n",
                "dir: workspaces/echo\n    drift: {on_drift: remediate}\n")
                + "policies: {dir: policy, enforcement: mandatory}\n");
        repo.commit("The repository's own policies");
        repo.push("main");
    }

    private String policies() throws Exception {
        Path conftest = Files.createDirectories(tmp.resolve("policies/conftest"));
        Files.writeString(conftest.resolve("deletions.rego"), """
                package main

                deny[msg] {
                  rc := input.resource_changes[_]
                  rc.change.actions[_] == "delete"
                  msg := sprintf("%s would be deleted, it held %v", [rc.address, rc.change.before.content])
                }
                """);
        Path tidy = Files.createDirectories(tmp.resolve("policies/tidy"));
        Files.writeString(tidy.resolve("tidy.rego"), """
                package main

                warn contains sprintf("%d resources change", [count(input.resource_changes)]) if {
                  count(input.resource_changes) > 0
                }
                """);
        Path broken = Files.createDirectories(tmp.resolve("policies/broken"));
        Files.writeString(broken.resolve("broken.rego"), "package main\n\ndeny contains msg if {\n");
        Path handsOff = Files.createDirectories(tmp.resolve("policies/hands-off"));
        Files.writeString(handsOff.resolve("drift.rego"), """
                package main

                deny contains sprintf("%s changed outside Git; a person decides", [d.address]) if {
                  some d in input.resource_drift
                }
                """);
        return """
                policies:
                  sets:
                    - name: protected
                      builtin: protected
                      params: {types: [random_pet]}
                      applies_to: [infra/charlie]
                    - name: conftest
                      dir: %s
                      enforcement: advisory
                      applies_to: [infra/alpha]
                    - name: tidy
                      dir: %s
                      applies_to: [infra/alpha]
                    - name: org
                      git: {repo: infra, path: server-policy}
                      applies_to: [infra/alpha]
                    - name: broken
                      dir: %s
                      applies_to: [infra/delta]
                    - name: hands-off
                      dir: %s
                      applies_to: [infra/echo]
                """.formatted(conftest, tidy, broken, handsOff);
    }
}
