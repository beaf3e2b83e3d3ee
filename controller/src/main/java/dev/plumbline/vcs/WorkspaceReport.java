package dev.plumbline.vcs;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import java.util.List;
import java.util.Objects;

/**
 * What the report shows of one workspace. Text fields hold what the caller already masked.
 *
 * @param classification  null until the workspace was planned
 * @param counts          what the plan adds, changes and destroys; none until the workspace was planned
 * @param driftAddresses  resources seen changed outside Git during refresh
 * @param fmtProblems     files that {@code fmt -check} found not formatted
 * @param validationMessage the validator's message, empty when it had none
 * @param planText        the plan (or, for a failed run, the error output); empty when there is none yet
 * @param sensitiveValues strings known to be secret (the plan's sensitive values): never rendered; any copy of one
 *                        left in another field is replaced with {@code (sensitive value)}
 */
public record WorkspaceReport(String workspace, Status status, Classification classification, ResourceCounts counts,
                              List<String> driftAddresses, List<String> fmtProblems, String validationMessage,
                              String planText, long runId, List<String> sensitiveValues) {

    public enum Status {
        /** queued or running. */
        PLANNING,
        PLANNED,
        /** the plan itself failed; planText holds the error output. */
        FAILED,
        VALIDATION_FAILED,
        APPLYING,
        APPLIED,
        APPLY_FAILED
    }

    public WorkspaceReport {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(status, "status");
        counts = counts == null ? ResourceCounts.NONE : counts;
        driftAddresses = driftAddresses == null ? List.of() : List.copyOf(driftAddresses);
        fmtProblems = fmtProblems == null ? List.of() : List.copyOf(fmtProblems);
        validationMessage = validationMessage == null ? "" : validationMessage;
        planText = planText == null ? "" : planText;
        sensitiveValues = sensitiveValues == null ? List.of() : List.copyOf(sensitiveValues);
    }

    /** Whether there is something an apply would change. */
    public boolean appliable() {
        return status == Status.PLANNED && (counts.add() + counts.change() + counts.destroy() > 0
                || classification == Classification.CHANGES_PENDING || classification == Classification.DRIFTED
                || classification == Classification.OUTPUT_ONLY);
    }

    /** Whether the counts and drift mean something: the workspace got as far as a plan. */
    boolean planned() {
        return status == Status.PLANNED || status == Status.APPLYING || status == Status.APPLIED
                || status == Status.APPLY_FAILED;
    }

    boolean failed() {
        return status == Status.FAILED || status == Status.VALIDATION_FAILED || status == Status.APPLY_FAILED;
    }
}
