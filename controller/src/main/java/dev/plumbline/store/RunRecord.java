package dev.plumbline.store;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A run as stored. Nullable: commitSha, toolVersion, classification, retryOf, startedAt (still queued),
 * finishedAt (not final yet), exitCode, the three counts and errorMessage.
 */
public record RunRecord(long id, WorkspaceId workspace, RunKind kind, Trigger trigger, String commitSha, Tool tool,
                        String toolVersion, RunStatus status, Classification classification, int attempt,
                        Long retryOf, Instant queuedAt, Instant startedAt, Instant finishedAt, Integer exitCode,
                        Integer addCount, Integer changeCount, Integer destroyCount, String errorMessage) {

    /** How long the tool ran; empty until the run has both started and finished. */
    public Optional<Duration> duration() {
        if (startedAt == null || finishedAt == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(startedAt, finishedAt));
    }
}
