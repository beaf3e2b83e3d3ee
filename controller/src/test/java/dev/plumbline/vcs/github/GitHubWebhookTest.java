package dev.plumbline.vcs.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.vcs.Command;
import dev.plumbline.vcs.CommentEvent;
import dev.plumbline.vcs.HostKind;
import dev.plumbline.vcs.Json;
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

class GitHubWebhookTest {
    private static final String SECRET = "wh-secret-9c41e0";
    private final GitHubSignature verifier = new GitHubSignature(() -> SECRET);
    private final GitHubEvents events = new GitHubEvents();

    @Test
    void signature_matches_githubs_documented_example() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        assertThat(GitHubSignature.sign("It's a Secret to Everybody", body))
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void correctly_signed_delivery_is_accepted_whatever_the_header_case() {
        byte[] body = VcsFixtures.payload("github/pull_request_opened.json");
        verifier.verify(new WebhookRequest(Map.of("x-hub-signature-256", GitHubSignature.sign(SECRET, body)), body));
        verifier.verify(new WebhookRequest(Map.of("X-Hub-Signature-256",
                GitHubSignature.sign(SECRET, body).toUpperCase().replace("SHA256=", "sha256=")), body));
    }

    @Test
    void delivery_signed_with_another_secret_is_refused() {
        byte[] body = VcsFixtures.payload("github/pull_request_opened.json");
        WebhookRequest forged = new WebhookRequest(
                Map.of("X-Hub-Signature-256", GitHubSignature.sign("guessed", body)), body);

        assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(WebhookException.class)
                .hasMessage("verifying a GitHub delivery: the X-Hub-Signature-256 signature does not match the "
                        + "configured secret")
                .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.UNAUTHENTICATED);
    }

    @Test
    void tampered_body_is_refused() {
        byte[] body = VcsFixtures.payload("github/issue_comment_created.json");
        String signature = GitHubSignature.sign(SECRET, body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("chen-lead", "mallory")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verifier.verify(new WebhookRequest(Map.of("X-Hub-Signature-256", signature),
                tampered))).isInstanceOf(WebhookException.class);
    }

    @Test
    void unsigned_delivery_is_refused() {
        byte[] body = VcsFixtures.payload("github/push.json");
        assertThatThrownBy(() -> verifier.verify(new WebhookRequest(Map.of(), body)))
                .isInstanceOf(WebhookException.class).hasMessageContaining("has no X-Hub-Signature-256 header");
        assertThatThrownBy(() -> verifier.verify(new WebhookRequest(Map.of("X-Hub-Signature-256", ""), body)))
                .isInstanceOf(WebhookException.class);
    }

    @Test
    void without_a_configured_secret_every_delivery_is_refused() {
        byte[] body = VcsFixtures.payload("github/push.json");
        GitHubSignature unconfigured = new GitHubSignature(() -> "");
        WebhookRequest signed = new WebhookRequest(
                Map.of("X-Hub-Signature-256", GitHubSignature.sign("x", body)), body);

        assertThatThrownBy(() -> unconfigured.verify(signed)).isInstanceOf(WebhookException.class)
                .hasMessageContaining("no GitHub webhook secret is configured");
    }

    @Test
    void opened_pull_request_becomes_an_event() {
        assertThat(parse("pull_request", "github/pull_request_opened.json")).contains(new PullRequestEvent(
                HostKind.GITHUB, "acme/infra", 42, PullRequestEvent.Action.OPENED,
                "6dcb09b5b57875f334f61aebed695e2e4193db5e", "main", "nat-gateway", "maria-ops"));
    }

    @Test
    void new_commits_are_a_synchronize_by_whoever_pushed() {
        assertThat(parse("pull_request", "github/pull_request_synchronize.json")).contains(new PullRequestEvent(
                HostKind.GITHUB, "acme/infra", 42, PullRequestEvent.Action.SYNCHRONIZE,
                "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "main", "nat-gateway", "deploy-bot[bot]"));
    }

    @Test
    void closed_pull_request_is_merged_or_closed() throws Exception {
        byte[] merged = VcsFixtures.payload("github/pull_request_closed_merged.json");
        assertThat(action(parse("pull_request", merged))).isEqualTo(PullRequestEvent.Action.MERGED);

        ObjectNode closed = (ObjectNode) Json.MAPPER.readTree(merged);
        ((ObjectNode) closed.get("pull_request")).put("merged", false).putNull("merged_at");
        assertThat(action(parse("pull_request", Json.MAPPER.writeValueAsBytes(closed))))
                .isEqualTo(PullRequestEvent.Action.CLOSED);
    }

    @Test
    void other_pull_request_actions_are_ignored() {
        assertThat(parse("pull_request", "github/pull_request_labeled.json")).isEmpty();
    }

    @Test
    void comment_on_a_pull_request_becomes_an_event_carrying_the_command() {
        Optional<WebhookEvent> event = parse("issue_comment", "github/issue_comment_created.json");

        assertThat(event).contains(new CommentEvent(HostKind.GITHUB, "acme/infra", 42, 2714459021L, "chen-lead",
                "Plumbline apply network\r\nLooks good to me, the NAT costs were budgeted."));
        assertThat(Command.parse(((CommentEvent) event.orElseThrow()).body()))
                .contains(new Command(Command.Kind.APPLY, Optional.of("network")));
    }

    @Test
    void comment_on_a_plain_issue_is_ignored() {
        assertThat(parse("issue_comment", "github/issue_comment_on_issue.json")).isEmpty();
    }

    @Test
    void push_becomes_an_event_and_a_deleted_branch_is_ignored() {
        Optional<WebhookEvent> push = parse("push", "github/push.json");
        assertThat(push).contains(new PushEvent(HostKind.GITHUB, "acme/infra", "refs/heads/main",
                "e5bd3914e2e596debea16f433f57875b5b90bcd6"));
        assertThat(((PushEvent) push.orElseThrow()).branch()).contains("main");
        assertThat(parse("push", "github/push_branch_deleted.json")).isEmpty();
    }

    @Test
    void ping_and_unknown_events_are_ignored_without_reading_the_body() {
        assertThat(parse("ping", "github/ping.json")).isEmpty();
        assertThat(parse("check_run", "not json at all".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void malformed_json_is_a_clear_error() {
        assertThatThrownBy(() -> parse("pull_request", "{\"action\": \"opened\",".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WebhookException.class)
                .hasMessageStartingWith("reading GitHub pull_request payload: the body is not JSON at line 1")
                .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.MALFORMED);
    }

    @Test
    void missing_field_is_named() throws Exception {
        ObjectNode payload = (ObjectNode) Json.MAPPER.readTree(VcsFixtures.payload("github/pull_request_opened.json"));
        ((ObjectNode) payload.get("pull_request").get("head")).remove("sha");

        assertThatThrownBy(() -> parse("pull_request", Json.MAPPER.writeValueAsBytes(payload)))
                .isInstanceOf(WebhookException.class)
                .hasMessage("reading GitHub pull_request payload: no /pull_request/head/sha");
    }

    @Test
    void delivery_without_event_header_is_malformed() {
        WebhookRequest request = new WebhookRequest(Map.of(), VcsFixtures.payload("github/push.json"));
        assertThatThrownBy(() -> events.parse(request)).isInstanceOf(WebhookException.class)
                .hasMessage("reading a GitHub delivery: no X-GitHub-Event header");
    }

    @Test
    void delivery_id_comes_from_the_header_or_else_the_body() {
        byte[] body = VcsFixtures.payload("github/push.json");
        assertThat(events.deliveryId(new WebhookRequest(
                Map.of("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"), body)))
                .isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        String hashed = events.deliveryId(new WebhookRequest(Map.of(), body));
        assertThat(hashed).matches("sha256:[0-9a-f]{64}")
                .isEqualTo(events.deliveryId(new WebhookRequest(Map.of(), body)))
                .isNotEqualTo(events.deliveryId(new WebhookRequest(Map.of(),
                        VcsFixtures.payload("github/ping.json"))));
    }

    private Optional<WebhookEvent> parse(String event, String fixture) {
        return parse(event, VcsFixtures.payload(fixture));
    }

    private Optional<WebhookEvent> parse(String event, byte[] body) {
        return events.parse(new WebhookRequest(Map.of("X-GitHub-Event", event), body));
    }

    private static PullRequestEvent.Action action(Optional<WebhookEvent> event) {
        return ((PullRequestEvent) event.orElseThrow()).action();
    }
}
