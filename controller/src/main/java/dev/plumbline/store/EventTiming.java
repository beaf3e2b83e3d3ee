package dev.plumbline.store;

import dev.plumbline.domain.WorkspaceId;
import java.time.Instant;

/**
 * The time to alert of one event and one workspace it queued a check of: when the event entered its source's
 * queue, was received and matched, when its check was queued and started, when the drift was stored and when its
 * notification was first delivered; each null until it happened (or when the source does not say).
 */
public record EventTiming(long eventId, WorkspaceId workspace, Long runId, Instant queuedAt, Instant receivedAt,
                          Instant matchedAt, Instant checkQueuedAt, Instant checkStartedAt, Instant driftStoredAt,
                          Instant notifiedAt) { }
