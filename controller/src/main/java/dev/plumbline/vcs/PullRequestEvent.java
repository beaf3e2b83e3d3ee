package dev.plumbline.vcs;

/**
 * A pull request was opened, got new commits, was reopened, closed or merged. {@code author} is who did it (the
 * sender on GitHub, the user on GitLab), which for a push to the branch is the pusher, not the pull request's
 * author.
 */
public record PullRequestEvent(HostKind host, String repo, int number, Action action, String headSha,
                               String baseBranch, String headRef, String author) implements WebhookEvent {

    public enum Action { OPENED, SYNCHRONIZE, REOPENED, CLOSED, MERGED }
}
