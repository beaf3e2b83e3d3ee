package dev.plumbline.store;

import java.time.Duration;

/** Where a run's time went; {@code total - tool} is the controller's own share. */
public record RunTimings(Duration total, Duration tool) {
    public Duration controller() {
        return total.minus(tool);
    }
}
