package dev.plumbline.vcs;

/** A new comment on a pull request; only its body says whether it is a command ({@link Command#parse}). */
public record CommentEvent(HostKind host, String repo, int number, long commentId, String author, String body)
        implements WebhookEvent {
}
