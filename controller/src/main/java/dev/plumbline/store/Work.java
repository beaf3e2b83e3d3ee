package dev.plumbline.store;

import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * A piece of work to queue, as data: what to run on which workspace, why ({@code trigger}), which attempt it is and
 * the run it retries ({@code retryOf}, null for a first attempt), the pull request head it is about (reviews and
 * applies only) and the earliest time it may start ({@code notBefore}, null for at once).
 */
public record Work(WorkspaceId workspace, WorkKind kind, Trigger trigger, int attempt, Long retryOf,
                   PullRequestTarget pullRequest, Instant notBefore) {
    public Work {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(trigger, "trigger");
        if (attempt < 1) {
            throw new IllegalArgumentException("queuing " + kind.wire() + " of " + workspace
                    + ": attempt must be 1 or more, got " + attempt);
        }
        boolean aboutPullRequest = kind == WorkKind.PULL_REQUEST_REVIEW || kind == WorkKind.PULL_REQUEST_APPLY;
        if (aboutPullRequest != (pullRequest != null)) {
            throw new IllegalArgumentException("queuing " + kind.wire() + " of " + workspace + ": "
                    + (aboutPullRequest ? "it needs the pull request head it is of" : "it is about no pull request"));
        }
        if (kind == WorkKind.PULL_REQUEST_APPLY && pullRequest.reviewId() == null) {
            throw new IllegalArgumentException("queuing " + kind.wire() + " of " + workspace + " for #"
                    + pullRequest.number() + ": it needs the review whose plan it applies");
        }
    }

    public static Work driftCheck(WorkspaceId workspace, Trigger trigger) {
        return new Work(workspace, WorkKind.DRIFT_CHECK, trigger, 1, null, null, null);
    }

    /**
     * A drift check a change event asked for, not before {@code notBefore} (the debounce: the events of one burst
     * join this one check while it waits).
     */
    public static Work eventCheck(WorkspaceId workspace, Instant notBefore) {
        return new Work(workspace, WorkKind.DRIFT_CHECK, Trigger.EVENT, 1, null, null, notBefore);
    }

    /**
     * How urgent it is ({@link WorkKind#priority}, lower first): a check an event asked for goes before scheduled
     * ones, with plans, since someone just changed a resource by hand.
     */
    public int priority() {
        return kind == WorkKind.DRIFT_CHECK && trigger == Trigger.EVENT ? WorkKind.PLAN.priority() : kind.priority();
    }

    public static Work plan(WorkspaceId workspace, Trigger trigger) {
        return new Work(workspace, WorkKind.PLAN, trigger, 1, null, null, null);
    }

    public static Work review(WorkspaceId workspace, int number, String headSha) {
        return new Work(workspace, WorkKind.PULL_REQUEST_REVIEW, Trigger.PULL_REQUEST, 1, null,
                PullRequestTarget.head(number, headSha), null);
    }

    /** The reviewed plan of {@code reviewId} applied, as {@code requestedBy} asked. */
    public static Work apply(WorkspaceId workspace, int number, String headSha, long reviewId, String requestedBy) {
        return new Work(workspace, WorkKind.PULL_REQUEST_APPLY, Trigger.PULL_REQUEST, 1, null,
                new PullRequestTarget(number, headSha, reviewId, requestedBy), null);
    }

    /** The next attempt, not before {@code at}; {@code failedRunId} is the run it retries, null when none started. */
    public Work retry(Long failedRunId, Instant at) {
        return new Work(workspace, kind, Trigger.RETRY, attempt + 1, failedRunId, pullRequest, at);
    }

    /**
     * What becomes of this work when the daemon running it was lost. A plan or a check is simply run again; an apply
     * is never run blindly a second time, since it may have changed things before it was cut off: the pull request
     * head is reviewed afresh instead, and applying it is asked for again through the policy.
     */
    public Work afterLoss() {
        if (kind != WorkKind.PULL_REQUEST_APPLY) {
            return new Work(workspace, kind, trigger, attempt, retryOf, pullRequest, null);
        }
        return new Work(workspace, WorkKind.PULL_REQUEST_REVIEW, Trigger.RETRY, 1, null,
                PullRequestTarget.head(pullRequest.number(), pullRequest.headSha()), null);
    }

    /**
     * The key under which a waiting copy of the same work is found, or null when this work never joins another.
     * A waiting drift check or plan of a workspace runs at the branch head of when it starts, so a second one
     * would only repeat it; a review or an apply is of one pull request head. Work that waits for a time (a retry
     * in its backoff) stands alone: joining it would hold a new trigger back until then; an event's check, which
     * waits only for its debounce, is the exception: a burst of events, and a scheduled check, join it.
     */
    public String waitingKey() {
        if (notBefore != null && trigger != Trigger.EVENT) {
            return null;
        }
        String key = kind.wire() + ":" + workspace;
        return pullRequest == null ? key : key + "#" + pullRequest.number() + "@" + pullRequest.headSha();
    }

    /** How logs name it: {@code plan of infra/prod (push, attempt 1)}. */
    public String describe() {
        String pr = pullRequest == null ? "" : " for #" + pullRequest.number();
        return kind.wire().replace('_', ' ') + " of " + workspace + pr + " (" + trigger.wire() + ", attempt "
                + attempt + ")";
    }
}
