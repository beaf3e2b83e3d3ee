package dev.plumbline.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * A pull request as far as a comment command needs it. {@code approved} and {@code mergeable} are empty when the
 * host did not say (it may not have worked out yet whether the pull request can be merged); {@code reviewedHead}
 * is the head commit whose plans the report shows, empty when none was reviewed yet.
 */
public record PullRequestFacts(boolean open, Optional<Boolean> approved, Optional<Boolean> mergeable, String headSha,
                               Optional<String> reviewedHead) {
    public PullRequestFacts {
        Objects.requireNonNull(approved, "approved");
        Objects.requireNonNull(mergeable, "mergeable");
        Objects.requireNonNull(headSha, "headSha");
        Objects.requireNonNull(reviewedHead, "reviewedHead");
    }
}
