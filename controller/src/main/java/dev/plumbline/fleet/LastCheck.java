package dev.plumbline.fleet;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunStatus;
import java.time.Instant;

/** A workspace's latest finished drift check: its run, how it ended, and what it found (null when it failed). */
public record LastCheck(long runId, RunStatus status, Classification classification, Instant finishedAt) {
}
