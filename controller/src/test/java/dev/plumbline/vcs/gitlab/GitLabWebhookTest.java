package dev.plumbline.vcs.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.vcs.Command;
import dev.plumbline.vcs.CommentEvent;
import dev.plumbline.vcs.HostKind;
import dev.plumbline.vcs.PullRequestEvent;
import dev.plumbline.vcs.PushEvent;
import dev.plumbline.vcs.VcsFixtures;
import dev.plumbline.vcs.WebhookEvent;
import dev.plumbline.vcs.WebhookException;
import dev.plumbline.vcs.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GitLabWebhookTest {
    private static final String SECRET = "gl-hook-token-51be";
    private static final String MR_HOOK = "Merge Request Hook";
    private final GitLabToken verifier = new GitLabToken(() -> SECRET);
    private final GitLabEvents events = new GitLabEvents();

    @Test
    void delivery_with_the_secret_token_is_accepted() {
        verifier.verify(new WebhookRequest(Map.of("X-Gitlab-Token", SECRET), new byte[0]));
        verifier.verify(new WebhookRequest(Map.of("x-gitlab-token", SECRET), new byte[0]));
    }

    @Test
    void wrong_or_missing_token_is_refused() {
        assertThatThrownBy(() -> verifier.verify(new WebhookRequest(Map.of("X-Gitlab-Token", SECRET + "x"),
                new byte[0]))).isInstanceOf(WebhookException.class)
                .hasMessage("verifying a GitLab delivery: the X-Gitlab-Token header does not match the configured "
                        + "secret token")
                .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.UNAUTHENTICATED);
        assertThatThrownBy(() -> verifier.verify(new WebhookRequest(Map.of(), new byte[0])))
                .isInstanceOf(WebhookException.class).hasMessageContaining("has no X-Gitlab-Token header");
    }

    @Test
    void without_a_configured_secret_every_delivery_is_refused() {
        GitLabToken unconfigured = new GitLabToken(() -> null);
        assertThatThrownBy(() -> unconfigured.verify(new WebhookRequest(Map.of("X-Gitlab-Token", ""), new byte[0])))
                .isInstanceOf(WebhookException.class).hasMessageContaining("no GitLab webhook secret token");
    }

    @Test
    void opened_merge_request_becomes_an_event() {
        assertThat(parse(MR_HOOK, "gitlab/merge_request_open.json")).contains(new PullRequestEvent(
                HostKind.GITLAB, "acme/platform/infra", 7, PullRequestEvent.Action.OPENED,
                "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", "main", "nat-gateway", "maria.ops"));
    }

    @Test
    void update_with_new_commits_is_a_synchronize_but_a_title_edit_is_ignored() {
        assertThat(parse(MR_HOOK, "gitlab/merge_request_update_commits.json")).contains(new PullRequestEvent(
                HostKind.GITLAB, "acme/platform/infra", 7, PullRequestEvent.Action.SYNCHRONIZE,
                "7b3c2f0e9d81a6c54e1f2b7a90d3c8e6f5a4b1c2", "main", "nat-gateway", "deploy-bot"));
        assertThat(parse(MR_HOOK, "gitlab/merge_request_update_title.json")).isEmpty();
    }

    @Test
    void merge_is_reported_and_approval_is_ignored() {
        assertThat(parse(MR_HOOK, "gitlab/merge_request_merge.json")).get()
                .extracting(e -> ((PullRequestEvent) e).action()).isEqualTo(PullRequestEvent.Action.MERGED);
        assertThat(parse(MR_HOOK, "gitlab/merge_request_approved.json")).isEmpty();
    }

    @Test
    void note_on_a_merge_request_becomes_a_comment_event() {
        Optional<WebhookEvent> event = parse("Note Hook", "gitlab/note_merge_request.json");

        assertThat(event).contains(new CommentEvent(HostKind.GITLAB, "acme/platform/infra", 7, 1907733L, "chen.lead",
                "plumbline plan\n\nThe NAT change was rebased, please plan again."));
        assertThat(Command.parse(((CommentEvent) event.orElseThrow()).body()))
                .contains(new Command(Command.Kind.PLAN, Optional.empty()));
    }

    @Test
    void note_on_an_issue_is_ignored() {
        assertThat(parse("Note Hook", "gitlab/note_issue.json")).isEmpty();
    }

    @Test
    void push_becomes_an_event_and_a_deleted_branch_is_ignored() {
        assertThat(parse("Push Hook", "gitlab/push.json")).contains(new PushEvent(HostKind.GITLAB,
                "acme/platform/infra", "refs/heads/main", "e5bd3914e2e596debea16f433f57875b5b90bcd6"));
        assertThat(parse("Push Hook", "gitlab/push_branch_deleted.json")).isEmpty();
    }

    @Test
    void other_event_types_are_ignored() {
        assertThat(parse("Pipeline Hook", "not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void malformed_json_is_a_clear_error() {
        assertThatThrownBy(() -> parse("Note Hook", "[1, 2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WebhookException.class)
                .hasMessageStartingWith("reading GitLab Note Hook payload: the body is not JSON at line 1");
        assertThatThrownBy(() -> parse("Push Hook", "[1, 2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WebhookException.class)
                .hasMessage("reading GitLab Push Hook payload: not a JSON object");
    }

    @Test
    void delivery_id_prefers_the_retry_stable_key() {
        byte[] body = VcsFixtures.payload("gitlab/push.json");
        assertThat(events.deliveryId(new WebhookRequest(Map.of(
                "Idempotency-Key", "f4a1c1e0-3a3e-4b0e-9d3c-1b2f8d2e7a10",
                "X-Gitlab-Webhook-UUID", "0b6e1d9a-7c4f-4f4a-a0f9-25c2d0b8c3e1",
                "X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e"), body)))
                .isEqualTo("f4a1c1e0-3a3e-4b0e-9d3c-1b2f8d2e7a10");
        assertThat(events.deliveryId(new WebhookRequest(Map.of(
                "X-Gitlab-Webhook-UUID", "0b6e1d9a-7c4f-4f4a-a0f9-25c2d0b8c3e1",
                "X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e"), body)))
                .isEqualTo("0b6e1d9a-7c4f-4f4a-a0f9-25c2d0b8c3e1");
    }

    @Test
    void events_set_off_by_one_request_are_not_mistaken_for_duplicates() {
        // a merge fires a Push Hook and a Merge Request Hook with the same X-Gitlab-Event-UUID
        Map<String, String> shared = Map.of("X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e");
        String push = events.deliveryId(new WebhookRequest(shared, VcsFixtures.payload("gitlab/push.json")));
        String merge = events.deliveryId(new WebhookRequest(shared,
                VcsFixtures.payload("gitlab/merge_request_merge.json")));

        assertThat(push).startsWith("sha256:").isNotEqualTo(merge);
    }

    private Optional<WebhookEvent> parse(String event, String fixture) {
        return parse(event, VcsFixtures.payload(fixture));
    }

    private Optional<WebhookEvent> parse(String event, byte[] body) {
        return events.parse(new WebhookRequest(Map.of("X-Gitlab-Event", event), body));
    }
}
