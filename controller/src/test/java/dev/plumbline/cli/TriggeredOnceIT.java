package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.testing.GitHubDouble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What both the poll and a webhook see is one trigger: one plan of a pushed head, one review of a pull request head. */
class TriggeredOnceIT {
    @TempDir
    Path tmp;

    private PullRequestDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private List<Run> plansOf(String workspace) {
        return daemon.app.db.runs().list(Optional.of(new WorkspaceId("infra", workspace)), 50).stream()
                .filter(r -> r.kind() == RunKind.PLAN).toList();
    }

    @Test
    void a_pull_request_head_the_poll_saw_first_is_reviewed_once_when_its_opened_webhook_follows() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        daemon.repo.branch("echo").write("workspaces/echo/extra.tf", "output \"note\" {\n  value = \"e\"\n}\n")
                .commit("Echo output");
        String head = daemon.publish(9, "echo", false, true);
        daemon.host.openPullRequests(List.<Object[]>of(new Object[] {9, head, "echo"}));

        daemon.daemon.poll("infra");
        assertThat(daemon.deliver(daemon.host.opened(9, head, "echo")).statusCode()).isEqualTo(202);

        daemon.reviewed(9, head, 1);
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.app.db.webhookDeliveries().count() == 1
                && daemon.app.db.queuedWork().snapshot().waiting().isEmpty()
                && daemon.app.db.queuedWork().snapshot().running().isEmpty());
        assertThat(daemon.app.db.pullRequestPlans().ofPullRequest("infra", 9, PullRequestPlan.Status.values()))
                .hasSize(1);
        assertThat(plansOf("echo")).as("one plan run for one head").hasSize(1);
    }

    @Test
    void a_pushed_head_seen_by_the_poll_and_by_its_push_webhook_is_planned_once() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.app.db.repoHeads().lastSeen("infra")
                .isPresent());
        daemon.repo.checkout("main").write("workspaces/charlie/extra.tf", "output \"note\" {\n  value = \"c\"\n}\n")
                .commit("Charlie output, straight to main");
        daemon.repo.push("main");
        String head = daemon.repo.head("main");

        daemon.daemon.poll("infra");
        assertThat(daemon.deliver(daemon.host.push(head)).statusCode()).isEqualTo(202);

        await().atMost(PullRequestDaemon.PATIENCE).until(() -> Files.exists(daemon.managed("charlie.txt")));
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.app.db.queuedWork().snapshot().running()
                .isEmpty() && daemon.app.db.webhookDeliveries().count() == 1);
        daemon.daemon.poll("infra");
        Thread.sleep(1_000); // a second plan would have been queued and claimed by now
        assertThat(plansOf("charlie")).as("one plan run for one head").hasSize(1)
                .allSatisfy(r -> assertThat(r.commitSha()).isEqualTo(head));
    }
}
