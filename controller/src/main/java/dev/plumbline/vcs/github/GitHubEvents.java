package dev.plumbline.vcs.github;

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
 * GitHub's {@code pull_request}, {@code issue_comment} (on a pull request) and {@code push} deliveries, told apart by
 * the {@code X-GitHub-Event} header. Other events ({@code ping}, reviews, checks) and other actions (labels, edits)
 * are ignored.
 */
public final class GitHubEvents implements WebhookParser {

    @Override
    public String deliveryId(WebhookRequest request) {
        return request.header("X-GitHub-Delivery").orElseGet(() -> WebhookParser.bodyHash(request));
    }

    @Override
    public Optional<WebhookEvent> parse(WebhookRequest request) {
        String event = request.header("X-GitHub-Event").orElseThrow(() -> new WebhookException(
                WebhookException.Reason.MALFORMED, "reading a GitHub delivery: no X-GitHub-Event header"));
        return switch (event) {
            case "pull_request" -> pullRequest(Payload.read("GitHub pull_request", request.body()));
            case "issue_comment" -> comment(Payload.read("GitHub issue_comment", request.body()));
            case "push" -> push(Payload.read("GitHub push", request.body()));
            default -> Optional.empty();
        };
    }

    private static Optional<WebhookEvent> pullRequest(Payload p) {
        PullRequestEvent.Action action = switch (p.text("/action")) {
            case "opened" -> PullRequestEvent.Action.OPENED;
            case "synchronize" -> PullRequestEvent.Action.SYNCHRONIZE;
            case "reopened" -> PullRequestEvent.Action.REOPENED;
            case "closed" -> p.flag("/pull_request/merged")
                    ? PullRequestEvent.Action.MERGED : PullRequestEvent.Action.CLOSED;
            default -> null;
        };
        if (action == null) {
            return Optional.empty();
        }
        return Optional.of(new PullRequestEvent(HostKind.GITHUB, p.text("/repository/full_name"),
                p.intNumber("/pull_request/number"), action, p.text("/pull_request/head/sha"),
                p.text("/pull_request/base/ref"), p.text("/pull_request/head/ref"), p.text("/sender/login")));
    }

    private static Optional<WebhookEvent> comment(Payload p) {
        // GitHub sends pull request comments as comments on the issue behind it; plain issues have no pull_request
        if (!p.text("/action").equals("created") || !p.has("/issue/pull_request")) {
            return Optional.empty();
        }
        return Optional.of(new CommentEvent(HostKind.GITHUB, p.text("/repository/full_name"),
                p.intNumber("/issue/number"), p.number("/comment/id"), p.text("/comment/user/login"),
                p.text("/comment/body")));
    }

    private static Optional<WebhookEvent> push(Payload p) {
        if (p.flag("/deleted")) {
            return Optional.empty(); // a deleted branch has nothing to plan
        }
        return Optional.of(new PushEvent(HostKind.GITHUB, p.text("/repository/full_name"), p.text("/ref"),
                p.text("/after")));
    }
}
