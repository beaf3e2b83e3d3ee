package dev.plumbline.domain;

import java.util.Objects;

/**
 * A run as stored: what was asked for, how far it got and what it came to.
 *
 * @param commitSha      the commit it runs; null when not known yet
 * @param toolVersion    the tool's version; null when not known yet
 * @param classification what its plan says; null for applies, runs still going and runs that failed early
 * @param attempt        counts from 1; {@code retryOf} is the run this one retries, null for a first attempt
 * @param exitCode       the tool's last exit code; null when no tool ended (still running, or cancelled first)
 * @param counts         what its plan adds, changes and destroys (an apply carries its plan's); null for runs that
 *                       counted nothing. Its forget count reads 0: the runs table keeps none.
 * @param errorMessage   why it failed, was cancelled or was interrupted; null otherwise
 */
public record Run(long id, WorkspaceId workspace, RunKind kind, Trigger trigger, String commitSha, Tool tool,
                  String toolVersion, RunStatus status, Classification classification, int attempt, Long retryOf,
                  RunTimes times, Integer exitCode, ResourceCounts counts, String errorMessage) {
    public Run {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(times, "times");
    }
}
