package dev.plumbline.reconcile;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.DriftAck;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Acknowledging drift, for the command line and the API alike: the acknowledgement, its audit entry and the reset
 * of what was last notified are one transaction. The reset makes the workspace count as not drifted for the
 * notifier, so that once the acknowledgement expires the drift still there is announced again as new; while it
 * holds, the drift it covers is neither announced nor resolved ({@link DriftReport}).
 */
public final class DriftAcknowledgements {
    public static final Duration DEFAULT_SPAN = Duration.ofDays(7);
    public static final Duration MAX_SPAN = Duration.ofDays(365);
    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,6}[dhm])+");
    private static final Pattern PART = Pattern.compile("(\\d{1,6})([dhm])");

    private DriftAcknowledgements() {
    }

    /** @throws IllegalArgumentException when there is no such open drift, or {@code until} is not in the future */
    public static DriftAck acknowledge(Database db, WorkspaceId workspace, Optional<String> address, String who,
            String reason, Instant until) {
        return acknowledge(db, workspace, address, who, null, reason, until);
    }

    /** As above, with how {@code who} was authenticated ({@code token:ci}), kept in the audit log. */
    public static DriftAck acknowledge(Database db, WorkspaceId workspace, Optional<String> address, String who,
            String via, String reason, Instant until) {
        return db.inTransaction(tx -> {
            DriftAck a = tx.driftAcks().acknowledge(workspace, address, who, reason, until);
            tx.audit().record(who, via, "drift.acknowledged", Optional.of(workspace), Optional.empty(),
                    "acknowledged " + a.items() + " drifted attribute(s)" + address.map(x -> " of " + x).orElse("")
                            + " until " + until + ": " + reason);
            tx.driftNotifications().lock(workspace).ifPresent(n ->
                    tx.driftNotifications().save(workspace, n.fingerprint(), false, n.runId()));
            return a;
        });
    }

    /**
     * How long an acknowledgement holds: {@code 7d}, {@code 12h}, {@code 30m}, or several ({@code 1d12h}); more than
     * nothing and at most {@link #MAX_SPAN}.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static Duration span(String value) {
        if (value == null || !WHOLE.matcher(value).matches()) {
            throw new IllegalArgumentException("expected a span like 7d, 12h, 30m or 1d12h");
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(value);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            });
        }
        if (d.isZero() || d.compareTo(MAX_SPAN) > 0) {
            throw new IllegalArgumentException("must be more than 0 and at most 365d");
        }
        return d;
    }
}
