package dev.plumbline.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A change to real resources, as an event source announced it: where it came from ({@code source}: {@code aws_sqs},
 * or {@code http:} and the poster's own name), the source's id for it ({@code externalId}, null when it has none;
 * a message delivered twice is stored once by it), who made it ({@code actor}: a principal ARN or a user), what
 * call it was ({@code action}), from where ({@code sourceIp}, {@code userAgent}), when it happened ({@code time}),
 * the identifiers of the resources it touched, whether it only read ({@code readOnly}), and when it entered the
 * source's queue ({@code queuedAt}, null when unknown). Any text field may be null when the source did not say.
 */
public record ChangeEvent(String source, String externalId, String actor, String action, String sourceIp,
                          String userAgent, Instant time, List<String> identifiers, boolean readOnly,
                          Instant queuedAt) {
    /** More identifiers than this in one event are not looked up: no single change touches that many. */
    public static final int MAX_IDENTIFIERS = 200;

    public ChangeEvent {
        Objects.requireNonNull(source, "source");
        identifiers = List.copyOf(identifiers);
    }
}
