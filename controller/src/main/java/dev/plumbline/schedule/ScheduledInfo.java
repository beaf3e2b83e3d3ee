package dev.plumbline.schedule;

import java.time.Instant;
import java.util.Optional;

/** A stored schedule as Quartz sees it, for status output. */
public record ScheduledInfo(String key, Cadence cadence, Optional<Instant> nextFire, Optional<Instant> previousFire) {
}
