package dev.plumbline.store;

/**
 * What a run is tied to beyond its own row: {@code ownerId}, the process that runs or ran it (null for runs
 * written before owners were recorded, and queued runs), and {@code planRunId}, for an apply, the plan run whose
 * saved plan it applies (null otherwise).
 */
public record RunLinks(String ownerId, Long planRunId) { }
