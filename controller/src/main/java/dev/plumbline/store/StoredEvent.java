package dev.plumbline.store;

import dev.plumbline.domain.ChangeEvent;
import java.time.Instant;

/** A change event as stored: its id, what became of it and why, the start of a malformed one, and its times. */
public record StoredEvent(long id, ChangeEvent event, EventState state, String reason, String raw,
                          Instant receivedAt, Instant matchedAt) { }
