package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.store.PullRequestPlan.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullRequestStoreTest extends OnEachStore {
    private static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    @Test
    void a_delivery_id_is_stored_once_per_host() {
        try (Database db = store().open()) {
            assertThat(db.webhookDeliveries().record("github", "infra", "d-1", "push", "{}")).isPresent();
            assertThat(db.webhookDeliveries().record("github", "infra", "d-1", "push", "{}")).isEmpty();
            assertThat(db.webhookDeliveries().record("gitlab", "infra", "d-1", "Push Hook", "{}")).isPresent();
            assertThat(db.webhookDeliveries().count()).isEqualTo(2);
        }
    }

    @Test
    void a_body_sent_again_under_a_new_delivery_id_is_not_stored_again_within_the_window_even_after_a_restart()
            throws Exception {
        String body = "{\"ref\":\"refs/heads/main\",\"after\":\"0a1b\"}";
        try (Database db = store().open()) {
            assertThat(db.webhookDeliveries().record("github", "infra", "d-1", "push", body)).isPresent();
            assertThat(db.webhookDeliveries().record("github", "infra", "d-2", "push", body)).as("replayed").isEmpty();
            assertThat(db.webhookDeliveries().record("gitlab", "infra", "u-1", "Push Hook", body))
                    .as("another host's delivery").isPresent();
        }
        try (Database db = store().open()) {
            assertThat(db.webhookDeliveries().record("github", "infra", "d-3", "push", body))
                    .as("replayed after a restart").isEmpty();
            assertThat(db.webhookDeliveries().count()).isEqualTo(2);
        }
        try (java.sql.Connection c = store().rawConnection();
             java.sql.Statement s = c.createStatement()) {
            // the first delivery, received longer ago than the window
            s.executeUpdate("UPDATE webhook_body_digests SET received_at = received_at - INTERVAL '61' MINUTE");
        }
        try (Database db = store().open()) {
            assertThat(db.webhookDeliveries().record("github", "infra", "d-4", "push", body))
                    .as("the same body after the window").isPresent();
            assertThat(db.webhookDeliveries().record("github", "infra", "d-5", "push", body))
                    .as("and again at once").isEmpty();
        }
    }

    @Test
    void a_delivery_is_claimed_once_and_a_crash_hands_it_back_on_start() {
        try (Database db = store().open()) {
            long first = db.webhookDeliveries().record("github", "infra", "d-1", "push", "{\"n\":1}").orElseThrow();
            long second = db.webhookDeliveries().record("github", "infra", "d-2", "push", "{\"n\":2}").orElseThrow();
            long third = db.webhookDeliveries().record("github", "infra", "d-3", "push", "{\"n\":3}").orElseThrow();
            assertThat(db.webhookDeliveries().claim(first)).isTrue();
            assertThat(db.webhookDeliveries().claim(first)).isFalse();
            db.webhookDeliveries().finish(first, true, "planned 2 workspaces");
            assertThat(db.webhookDeliveries().claim(second)).isTrue(); // and then the daemon dies

            assertThat(db.webhookDeliveries().unprocessed()).containsExactly(second, third);
            WebhookDelivery done = db.webhookDeliveries().find(first).orElseThrow();
            assertThat(done.status()).isEqualTo(WebhookDelivery.DONE);
            assertThat(done.outcome()).isEqualTo("planned 2 workspaces");
            assertThat(done.processedAt()).isNotNull();
        }
    }

    @Test
    void the_reviews_at_a_head_are_the_newest_per_workspace() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            long old = db.pullRequestPlans().start("infra", 42, "prod", HEAD);
            long newer = db.pullRequestPlans().start("infra", 42, "prod", HEAD);
            long other = db.pullRequestPlans().start("infra", 42, "staging", HEAD);
            db.pullRequestPlans().start("infra", 43, "prod", HEAD);
            db.pullRequestPlans().finish(newer, runId, Status.PLANNED, List.of("main.tf", "vars.tf"), null);

            assertThat(db.pullRequestPlans().atHead("infra", 42, HEAD)).extracting(PullRequestPlan::id)
                    .containsExactly(newer, other);
            PullRequestPlan planned = db.pullRequestPlans().find(newer).orElseThrow();
            assertThat(planned.status()).isEqualTo(Status.PLANNED);
            assertThat(planned.runId()).isEqualTo(runId);
            assertThat(planned.fmtProblems()).containsExactly("main.tf", "vars.tf");
            assertThat(db.pullRequestPlans().find(old).orElseThrow().status()).isEqualTo(Status.PLANNING);
            assertThat(db.pullRequestPlans().ofPullRequest("infra", 42, Status.PLANNED)).extracting(PullRequestPlan::id)
                    .containsExactly(newer);
        }
    }

    @Test
    void a_workspace_is_locked_by_one_pull_request_until_it_releases_it() {
        try (Database db = store().open()) {
            assertThat(db.workspaceLocks().acquire("infra", "prod", 42, "aaa").number()).isEqualTo(42);
            assertThat(db.workspaceLocks().acquire("infra", "prod", 43, "bbb").number()).isEqualTo(42);
            assertThat(db.workspaceLocks().acquire("infra", "prod", 42, "ccc").headSha()).isEqualTo("ccc");
            assertThat(db.workspaceLocks().release("infra", "prod", 43)).isFalse();

            assertThat(db.workspaceLocks().release("infra", "prod", 42)).isTrue();

            assertThat(db.workspaceLocks().find("infra", "prod")).isEmpty();
            assertThat(db.workspaceLocks().acquire("infra", "prod", 43, "bbb").number()).isEqualTo(43);
        }
    }

    @Test
    void the_report_comment_its_head_and_the_state_are_remembered() {
        try (Database db = store().open()) {
            assertThat(db.pullRequestComments().commentId("infra", 42)).isEmpty();
            db.pullRequestComments().recordHead("infra", 42, HEAD);
            assertThat(db.pullRequestComments().commentId("infra", 42)).isEmpty();
            db.pullRequestComments().recordComment("infra", 42, 9001L);

            assertThat(db.pullRequestComments().commentId("infra", 42)).contains(9001L);
            assertThat(db.pullRequestComments().headSha("infra", 42)).contains(HEAD);
            assertThat(db.pullRequestComments().state("infra", 42)).isEqualTo("open");
            db.pullRequestComments().recordState("infra", 42, "merged");
            assertThat(db.pullRequestComments().state("infra", 42)).isEqualTo("merged");
            assertThat(db.pullRequestComments().state("infra", 43)).isEqualTo("open");
        }
    }
}
