package dev.plumbline.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * What a command typed in a pull request is decided on. {@code applyOnComment} is the repository's
 * {@code apply_on_comment}. {@code authorMayPush} is empty when the host was not asked, which it is only when
 * {@link CommentPolicy#needsPushRight} says so: the answer costs a call to the host.
 */
public record CommentFacts(Action action, boolean applyOnComment, PullRequestFacts pullRequest, String author,
                           Optional<Boolean> authorMayPush) {

    /** {@code plumbline plan [workspace]} or {@code plumbline apply [workspace]}. */
    public enum Action { PLAN, APPLY }

    public CommentFacts {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(pullRequest, "pullRequest");
        Objects.requireNonNull(authorMayPush, "authorMayPush");
    }
}
