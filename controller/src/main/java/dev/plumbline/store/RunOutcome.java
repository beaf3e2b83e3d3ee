package dev.plumbline.store;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunStatus;
import java.util.Objects;

/**
 * How a run ended. Everything but {@code status} may be null: a run cancelled before the tool started has no
 * exit code, a failed init has no classification, and only plans (and the applies of them) count resources.
 * The runs table keeps add, change and destroy; a forget count is not stored.
 */
public record RunOutcome(RunStatus status, Integer exitCode, Classification classification, ResourceCounts counts,
                         String errorMessage) {
    public RunOutcome {
        Objects.requireNonNull(status, "status");
        if (!status.isFinal()) {
            throw new IllegalArgumentException("a run outcome needs a final status, not " + status.wire());
        }
    }

    public static RunOutcome succeeded(int exitCode, Classification classification, ResourceCounts counts) {
        return new RunOutcome(RunStatus.SUCCEEDED, exitCode, classification, counts, null);
    }

    public static RunOutcome failed(Integer exitCode, String errorMessage) {
        return new RunOutcome(RunStatus.FAILED, exitCode, null, null, errorMessage);
    }

    public static RunOutcome cancelled(String reason) {
        return new RunOutcome(RunStatus.CANCELLED, null, null, null, reason);
    }
}
