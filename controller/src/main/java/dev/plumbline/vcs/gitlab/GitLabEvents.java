package dev.plumbline.vcs.gitlab;

import dev.plumbline.vcs.CommentEvent;
import dev.plumbline.vcs.HostKind;
import dev.plumbline.vcs.Payload;
import dev.plumbline.vcs.PullRequestEvent;
import dev.plumbline.vcs.PushEvent;
import dev.plumbline.vcs.WebhookEvent;
import dev.plumbline.vcs.WebhookException;
import dev.plumbline.vcs.WebhookParser;
import dev.plumbline.vcs.WebhookRequest;
import java.util.Optional;

/**
 * GitLab's {@code Merge Request Hook}, {@code Note Hook} (on a merge request) and {@code Push Hook} deliveries, told
 * apart by the {@code X-Gitlab-Event} header. Other events and actions (approvals, labels, title edits) are ignored.
 */
public final class GitLabEvents implements WebhookParser {
    private static final String NO_COMMIT = "0000000000000000000000000000000000000000";

    /**
     * {@code Idempotency-Key} stays the same when GitLab retries a delivery; {@code X-Gitlab-Webhook-UUID} is unique
     * per event. {@code X-Gitlab-Event-UUID} is not used: it identifies the request that set hooks off (GitLab's
     * recursion detection), so a push and the merge request update it causes share it.
     */
    @Override
    public String deliveryId(WebhookRequest request) {
        return request.header("Idempotency-Key")
                .or(() -> request.header("X-Gitlab-Webhook-UUID"))
                .orElseGet(() -> WebhookParser.bodyHash(request));
    }

    @Override
    public Optional<WebhookEvent> parse(WebhookRequest request) {
        String event = request.header("X-Gitlab-Event").orElseThrow(() -> new WebhookException(
                WebhookException.Reason.MALFORMED, "reading a GitLab delivery: no X-Gitlab-Event header"));
        return switch (event) {
            case "Merge Request Hook" -> mergeRequest(Payload.read("GitLab Merge Request Hook", request.body()));
            case "Note Hook" -> note(Payload.read("GitLab Note Hook", request.body()));
            case "Push Hook" -> push(Payload.read("GitLab Push Hook", request.body()));
            default -> Optional.empty();
        };
    }

    private static Optional<WebhookEvent> mergeRequest(Payload p) {
        PullRequestEvent.Action action = switch (p.optionalText("/object_attributes/action").orElse("")) {
            case "open" -> PullRequestEvent.Action.OPENED;
            case "reopen" -> PullRequestEvent.Action.REOPENED;
            case "close" -> PullRequestEvent.Action.CLOSED;
            case "merge" -> PullRequestEvent.Action.MERGED;
            // "update" covers title and label edits too; only an update with new commits carries oldrev
            case "update" -> p.has("/object_attributes/oldrev") ? PullRequestEvent.Action.SYNCHRONIZE : null;
            default -> null;
        };
        if (action == null) {
            return Optional.empty();
        }
        return Optional.of(new PullRequestEvent(HostKind.GITLAB, p.text("/project/path_with_namespace"),
                p.intNumber("/object_attributes/iid"), action, p.text("/object_attributes/last_commit/id"),
                p.text("/object_attributes/target_branch"), p.text("/object_attributes/source_branch"),
                p.text("/user/username")));
    }

    private static Optional<WebhookEvent> note(Payload p) {
        boolean onMergeRequest = p.optionalText("/object_attributes/noteable_type").orElse("").equals("MergeRequest");
        // newer GitLab sends "update" for edited notes; older versions send no action, only for new notes
        boolean created = p.optionalText("/object_attributes/action").orElse("create").equals("create");
        if (!onMergeRequest || !created || p.flag("/object_attributes/system")) {
            return Optional.empty();
        }
        return Optional.of(new CommentEvent(HostKind.GITLAB, p.text("/project/path_with_namespace"),
                p.intNumber("/merge_request/iid"), p.number("/object_attributes/id"), p.text("/user/username"),
                p.text("/object_attributes/note")));
    }

    private static Optional<WebhookEvent> push(Payload p) {
        String after = p.text("/after");
        if (after.equals(NO_COMMIT)) {
            return Optional.empty(); // a deleted branch has nothing to plan
        }
        return Optional.of(new PushEvent(HostKind.GITLAB, p.text("/project/path_with_namespace"), p.text("/ref"),
                after));
    }
}
