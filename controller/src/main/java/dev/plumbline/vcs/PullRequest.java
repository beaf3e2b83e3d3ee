package dev.plumbline.vcs;

import java.util.Objects;
import java.util.Optional;

/**
 * A pull request (a merge request on GitLab) as its host reports it.
 *
 * <p>{@code mergeable} is empty while the host has not computed it yet (GitHub computes it lazily) or when the host
 * did not say (GitHub's list of pull requests). {@code approved} is empty when it was not asked for: only
 * {@link VcsHost#pullRequest} looks approvals up, {@link VcsHost#openPullRequests} does not, as that would cost one
 * more call per pull request on every poll.
 */
public record PullRequest(String repo, int number, State state, String headSha, String headRef, String baseBranch,
                          String author, Optional<Boolean> mergeable, Optional<Boolean> approved) {

    public enum State { OPEN, CLOSED, MERGED }

    public PullRequest {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(headSha, "headSha");
        Objects.requireNonNull(mergeable, "mergeable");
        Objects.requireNonNull(approved, "approved");
    }

    public boolean open() {
        return state == State.OPEN;
    }
}
