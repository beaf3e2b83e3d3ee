package dev.plumbline.store;

import dev.plumbline.domain.WorkspaceId;
import java.time.Instant;

/**
 * An acknowledgement of a workspace's drift: of one resource ({@code address}), or of all of it (null), given by
 * {@code by} for {@code reason}, until {@code expiresAt}; {@code items} is how many drifted attributes it covers.
 */
public record DriftAck(long id, WorkspaceId workspace, String address, String by, String reason, Instant at,
                       Instant expiresAt, int items) { }
