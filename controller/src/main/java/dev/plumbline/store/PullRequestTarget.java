package dev.plumbline.store;

import dev.plumbline.util.Echo;
import java.util.Objects;

/**
 * The pull request head a review or an apply is of. {@code reviewId} is the {@code pull_request_plans} row an apply
 * applies and {@code requestedBy} who asked for it; both are null for a review.
 */
public record PullRequestTarget(int number, String headSha, Long reviewId, String requestedBy) {
    public PullRequestTarget {
        if (number < 1) {
            throw new IllegalArgumentException("queuing work for pull request #" + number
                    + ": the number must be 1 or more");
        }
        Objects.requireNonNull(headSha, "headSha");
        if (headSha.isBlank() || headSha.length() > 64) {
            throw new IllegalArgumentException("queuing work for pull request #" + number + ": the head commit "
                    + Echo.quote(headSha) + " is not a commit id");
        }
    }

    public static PullRequestTarget head(int number, String headSha) {
        return new PullRequestTarget(number, headSha, null, null);
    }
}
