package dev.plumbline.vcs;

/** Something that happened on a host that Plumbline acts on. */
public sealed interface WebhookEvent permits PullRequestEvent, CommentEvent, PushEvent {
    HostKind host();

    /** The repository as the host names it ({@code owner/name}, or a GitLab project path). */
    String repo();
}
