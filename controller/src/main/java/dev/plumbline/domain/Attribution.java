package dev.plumbline.domain;

import java.time.Instant;

/**
 * Who changed a drifted resource, from the stored change event ({@code eventId}) that explains a finding: the
 * principal or user, the call, the source address and user agent, and when; any of them null when the event did
 * not say.
 */
public record Attribution(long eventId, String source, String actor, String action, String sourceIp,
                          String userAgent, Instant time) { }
