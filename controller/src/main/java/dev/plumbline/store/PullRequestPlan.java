package dev.plumbline.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One workspace reviewed at one head commit of a pull request. {@code repo} is the configured repo name. Nullable:
 * runId (still planning), validationMessage, applyRunId, applyRequestedBy (nobody is waiting to apply) and note.
 */
public record PullRequestPlan(long id, String repo, int number, String workspace, String headSha, Long runId,
                              Status status, List<String> fmtProblems, String validationMessage, Long applyRunId,
                              String applyRequestedBy, String note, Instant createdAt, Instant updatedAt) {

    public enum Status {
        /** queued or running. */
        PLANNING,
        PLANNED,
        /** the plan run failed. */
        FAILED,
        /** validate found errors; nothing was planned. */
        INVALID,
        /** applied from the pull request, before the merge. */
        APPLIED,
        APPLY_FAILED,
        /** the pull request was merged; the branch plan is still to be compared with this one. */
        MERGED,
        /** the branch plan after the merge matched this one. */
        LANDED,
        /** the branch plan after the merge differs from this one, so it waits for approval. */
        DIVERGED,
        /** the pull request was closed without merging, or a newer head replaced this review. */
        CLOSED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public PullRequestPlan {
        fmtProblems = List.copyOf(fmtProblems);
    }
}
