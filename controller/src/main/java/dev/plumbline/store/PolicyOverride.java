package dev.plumbline.store;

import java.time.Instant;

/** An operator's override of one policy set for the stored plan of a run, by the plan's sha256. */
public record PolicyOverride(long runId, String set, String planSha256, String overriddenBy, Instant at,
        String comment) { }
