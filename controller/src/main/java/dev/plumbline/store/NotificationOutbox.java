package dev.plumbline.store;

import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Drift notifications waiting for their channels, or done with: one row per event and channel. A row is added in
 * the transaction that decides the event, claimed by one deliverer at a time and marked delivered, due again later
 * or given up. What to send, when to retry and when to give up is the caller's business; this class keeps the
 * answers and makes claims exclusive.
 *
 * <p>A claim is {@code SELECT ... FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 alike): rows another transaction is
 * claiming are passed over, not waited for, and a claimed row is moved to {@code leaseUntil} before the transaction
 * ends, so nobody else claims it while it is being sent. Nothing is held while sending.
 */
public final class NotificationOutbox {
    /** As long as the column; longer failures are cut. */
    static final int MAX_ERROR = 500;
    /** The rows one sweep gives up at most; the next sweep takes the rest. */
    private static final int SWEEP_LIMIT = 500;
    /** The ids one claim among given rows looks at; a process writes far fewer events than this between claims. */
    private static final int MAX_AMONG = 100;
    private static final String SELECT = "SELECT o.id, o.channel, o.event_id, w.repo, w.name, o.run_id, o.transition,"
            + " o.payload, o.created_at, o.attempts, o.next_attempt_at, o.last_error, o.delivered_at, o.given_up_at"
            + " FROM notification_outbox o JOIN workspaces w ON w.id = o.workspace_id";
    private static final String DUE = " delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= ?";

    private final Scope scope;

    NotificationOutbox(Scope scope) {
        this.scope = scope;
    }

    /** Adds the event for the channel, due at once (at its creation time); returns the row's id. */
    public long add(String channel, Notification.Event event) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(event.transition(), "transition");
        String doing = "queueing the " + event.transition() + " drift notification of " + event.workspace()
                + " (run " + event.runId() + ") for " + channel;
        return scope.run(doing, c -> {
            long workspaceId = Workspaces.idOf(c, event.workspace(), doing);
            return Sql.insert(c, "INSERT INTO notification_outbox (channel, event_id, workspace_id, run_id,"
                    + " transition, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, channel);
                        ps.setString(2, event.eventId());
                        ps.setLong(3, workspaceId);
                        ps.setLong(4, event.runId());
                        ps.setString(5, event.transition());
                        ps.setString(6, event.payload());
                        Sql.setInstant(ps, 7, event.createdAt());
                        Sql.setInstant(ps, 8, event.createdAt());
                    });
        });
    }

    /**
     * Claims up to {@code limit} rows of the channel that are due at {@code now}, the longest due first: each counts
     * one more attempt and is not due again before {@code leaseUntil}. Returns them as claimed.
     */
    public List<Notification> claim(String channel, Instant now, Instant leaseUntil, int limit) {
        return scope.run("claiming due notifications for " + channel, c -> claimed(c, ids(c,
                "SELECT id FROM notification_outbox WHERE channel = ? AND" + DUE
                        + " ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED", ps -> {
                            ps.setString(1, channel);
                            Sql.setInstant(ps, 2, now);
                            ps.setInt(3, limit);
                        }), leaseUntil));
    }

    /** As {@link #claim}, among the rows {@code ids} only (the events one process wrote), the first 100 of them. */
    public List<Notification> claimAmong(String channel, Collection<Long> ids, Instant now, Instant leaseUntil) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Long> among = ids.stream().limit(MAX_AMONG).toList();
        String marks = String.join(", ", Collections.nCopies(among.size(), "?"));
        return scope.run("claiming due notifications for " + channel, c -> claimed(c, ids(c,
                "SELECT id FROM notification_outbox WHERE channel = ? AND id IN (" + marks + ") AND" + DUE
                        + " ORDER BY next_attempt_at, id FOR UPDATE SKIP LOCKED", ps -> {
                            ps.setString(1, channel);
                            for (int i = 0; i < among.size(); i++) {
                                ps.setLong(2 + i, among.get(i));
                            }
                            Sql.setInstant(ps, 2 + among.size(), now);
                        }), leaseUntil));
    }

    private static List<Notification> claimed(Connection c, List<Long> ids, Instant leaseUntil) throws SQLException {
        List<Notification> out = new ArrayList<>();
        for (long id : ids) {
            Sql.update(c, "UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
                    ps -> {
                        Sql.setInstant(ps, 1, leaseUntil);
                        ps.setLong(2, id);
                    });
            read(c, id).ifPresent(out::add);
        }
        return out;
    }

    /** Marks the row delivered, and the first delivery as the notification time of the events its run checked. */
    public void delivered(long id, Instant at) {
        scope.run("marking notification " + id + " delivered", c -> {
            int marked = Sql.update(c,
                    "UPDATE notification_outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL", ps -> {
                        Sql.setInstant(ps, 1, at);
                        ps.setLong(2, id);
                    });
            Sql.update(c, "UPDATE event_checks SET notified_at = ? WHERE notified_at IS NULL AND run_id ="
                    + " (SELECT run_id FROM notification_outbox WHERE id = ?)", ps -> {
                        Sql.setInstant(ps, 1, at);
                        ps.setLong(2, id);
                    });
            return marked;
        });
    }

    /** Records a failed attempt; the row is due again at {@code next}. */
    public void retryAt(long id, String error, Instant next) {
        scope.run("recording a failed delivery of notification " + id, c -> Sql.update(c,
                "UPDATE notification_outbox SET last_error = ?, next_attempt_at = ? WHERE id = ?"
                        + " AND delivered_at IS NULL AND given_up_at IS NULL", ps -> {
                            ps.setString(1, bounded(error));
                            Sql.setInstant(ps, 2, next);
                            ps.setLong(3, id);
                        }));
    }

    /** Records the last failure and gives the row up: it is not sent again, and stays to be seen. */
    public void gaveUp(long id, String error, Instant at) {
        scope.run("giving up notification " + id, c -> Sql.update(c,
                "UPDATE notification_outbox SET last_error = ?, given_up_at = ? WHERE id = ?"
                        + " AND delivered_at IS NULL AND given_up_at IS NULL", ps -> {
                            ps.setString(1, bounded(error));
                            Sql.setInstant(ps, 2, at);
                            ps.setLong(3, id);
                        }));
    }

    /**
     * Gives up the rows of any channel created before {@code createdBefore} and still undelivered, that nobody is
     * sending now (due at {@code now}); a row never tried gets {@code reason} as its error. Returns how many.
     */
    public int giveUpStale(Instant createdBefore, Instant now, String reason) {
        return scope.run("giving up notifications created before " + createdBefore, c -> {
            List<Long> stale = ids(c, "SELECT id FROM notification_outbox WHERE created_at < ? AND" + DUE
                    + " ORDER BY id LIMIT " + SWEEP_LIMIT + " FOR UPDATE SKIP LOCKED", ps -> {
                        Sql.setInstant(ps, 1, createdBefore);
                        Sql.setInstant(ps, 2, now);
                    });
            for (long id : stale) {
                Sql.update(c, "UPDATE notification_outbox SET given_up_at = ?, last_error = COALESCE(last_error, ?)"
                        + " WHERE id = ?", ps -> {
                            Sql.setInstant(ps, 1, now);
                            ps.setString(2, bounded(reason));
                            ps.setLong(3, id);
                        });
            }
            return stale.size();
        });
    }

    public Optional<Notification> find(long id) {
        return scope.run("reading notification " + id, c -> read(c, id));
    }

    /** The newest rows first, all of them or those in {@code state}. */
    public List<Notification> list(Optional<Notification.State> state, int limit) {
        String where = state.map(s -> switch (s) {
            case PENDING -> " WHERE o.delivered_at IS NULL AND o.given_up_at IS NULL";
            case DELIVERED -> " WHERE o.delivered_at IS NOT NULL";
            case GIVEN_UP -> " WHERE o.delivered_at IS NULL AND o.given_up_at IS NOT NULL";
        }).orElse("");
        return scope.run("listing notifications", c -> Sql.list(c, SELECT + where + " ORDER BY o.id DESC LIMIT ?",
                ps -> ps.setInt(1, limit), NotificationOutbox::row));
    }

    /** The pending rows, and the rows given up at or after {@code givenUpSince}. */
    public NotificationCounts counts(Instant givenUpSince) {
        return scope.run("counting notifications", c -> counts(c, givenUpSince));
    }

    static NotificationCounts counts(Connection c, Instant givenUpSince) throws SQLException {
        NotificationCounts pending = Sql.one(c, "SELECT COUNT(*) AS n, MIN(created_at) AS oldest"
                + " FROM notification_outbox WHERE delivered_at IS NULL AND given_up_at IS NULL", ps -> { },
                rs -> new NotificationCounts(rs.getLong("n"), Sql.instant(rs, "oldest"), 0, null))
                .orElse(NotificationCounts.NONE);
        return Sql.one(c, "SELECT COUNT(*) AS n, MAX(given_up_at) AS latest FROM notification_outbox"
                + " WHERE delivered_at IS NULL AND given_up_at >= ?", ps -> Sql.setInstant(ps, 1, givenUpSince),
                rs -> new NotificationCounts(pending.pending(), pending.oldestPending(), rs.getLong("n"),
                        Sql.instant(rs, "latest"))).orElse(pending);
    }

    private static List<Long> ids(Connection c, String sql, Sql.Params params) throws SQLException {
        return Sql.list(c, sql, params, rs -> rs.getLong(1));
    }

    private static Optional<Notification> read(Connection c, long id) throws SQLException {
        return Sql.one(c, SELECT + " WHERE o.id = ?", ps -> ps.setLong(1, id), NotificationOutbox::row);
    }

    private static Notification row(ResultSet rs) throws SQLException {
        Notification.Event event = new Notification.Event(rs.getString("event_id"),
                new WorkspaceId(rs.getString("repo"), rs.getString("name")), rs.getLong("run_id"),
                rs.getString("transition"), rs.getString("payload"), Sql.instant(rs, "created_at"));
        Notification.Delivery delivery = new Notification.Delivery(rs.getInt("attempts"),
                Sql.instant(rs, "next_attempt_at"), rs.getString("last_error"), Sql.instant(rs, "delivered_at"),
                Sql.instant(rs, "given_up_at"));
        return new Notification(rs.getLong("id"), rs.getString("channel"), event, delivery);
    }

    /** The error as stored: at most {@link #MAX_ERROR} characters, on one line. */
    static String bounded(String error) {
        if (error == null) {
            return null;
        }
        String line = error.replaceAll("[\\r\\n\\t]+", " ").strip();
        return line.length() <= MAX_ERROR ? line : line.substring(0, MAX_ERROR - 3) + "...";
    }
}
