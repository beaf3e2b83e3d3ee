package dev.plumbline.store;

import dev.plumbline.util.Echo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Webhook deliveries, stored before the host is answered. A delivery id is stored once per host, and a delivery is
 * processed by whoever {@link #claim claims} it first, so a redelivered event is acted on once. A body already
 * received within {@link #REPLAY_WINDOW}, under any delivery id, is not stored again: the hosts' signatures carry no
 * time, so a captured delivery re-sent with a new id would otherwise be acted on again.
 */
public final class WebhookDeliveries {
    /** How long a body's digest is remembered against replays. */
    public static final Duration REPLAY_WINDOW = Duration.ofHours(1);

    private static final String COLUMNS = "id, host, repo, delivery_id, event, received_at, body, status,"
            + " processed_at, outcome";

    private final Scope scope;
    private final Clock clock;

    WebhookDeliveries(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /**
     * Stores a new delivery and returns its row id; empty when the host already delivered this id, or the same body
     * within {@link #REPLAY_WINDOW}.
     */
    public Optional<Long> record(String host, String repo, String deliveryId, String event, String body) {
        Objects.requireNonNull(body, "body");
        String doing = "storing " + host + " delivery " + Echo.quote(deliveryId);
        return scope.run(doing, c -> {
            if (Sql.one(c, "SELECT id FROM webhook_deliveries WHERE host = ? AND delivery_id = ?", ps -> {
                ps.setString(1, host);
                ps.setString(2, deliveryId);
            }, rs -> rs.getLong(1)).isPresent()) {
                return Optional.empty();
            }
            if (!firstInWindow(c, host, sha256(body), deliveryId)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Sql.undoneOnFailure(c, tx -> Sql.insert(tx, "INSERT INTO webhook_deliveries"
                        + " (host, repo, delivery_id, event, received_at, body, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        ps -> {
                            ps.setString(1, host);
                            ps.setString(2, repo);
                            ps.setString(3, deliveryId);
                            ps.setString(4, event);
                            Sql.setInstant(ps, 5, Sql.now(clock));
                            ps.setString(6, body);
                            ps.setString(7, WebhookDelivery.RECEIVED);
                        })));
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    return Optional.empty(); // the same delivery arrived twice at the same moment
                }
                throw e;
            }
        });
    }

    /**
     * Takes the body's digest for this delivery: true unless the same body was received within the window. An
     * older digest is taken over; a new one inserted, and of two inserting at once one loses on the key.
     */
    private boolean firstInWindow(Connection c, String host, String digest, String deliveryId) throws SQLException {
        Instant now = Sql.now(clock);
        int renewed = Sql.update(c, "UPDATE webhook_body_digests SET received_at = ?, delivery_id = ?"
                + " WHERE host = ? AND body_sha256 = ? AND received_at < ?", ps -> {
                    Sql.setInstant(ps, 1, now);
                    ps.setString(2, deliveryId);
                    ps.setString(3, host);
                    ps.setString(4, digest);
                    Sql.setInstant(ps, 5, now.minus(REPLAY_WINDOW));
                });
        if (renewed > 0) {
            return true;
        }
        // the savepoint keeps a lost race from aborting the transaction (PostgreSQL aborts it on any error)
        Savepoint beforeInsert = c.setSavepoint();
        try {
            Sql.update(c, "INSERT INTO webhook_body_digests (host, body_sha256, delivery_id, received_at)"
                    + " VALUES (?, ?, ?, ?)", ps -> {
                        ps.setString(1, host);
                        ps.setString(2, digest);
                        ps.setString(3, deliveryId);
                        Sql.setInstant(ps, 4, now);
                    });
            return true;
        } catch (SQLException e) {
            if (!Sql.isUniqueViolation(e)) {
                throw e;
            }
            c.rollback(beforeInsert);
            return false;
        }
    }

    static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public Optional<WebhookDelivery> find(long id) {
        return scope.run("reading delivery " + id, c -> Sql.one(c,
                "SELECT " + COLUMNS + " FROM webhook_deliveries WHERE id = ?", ps -> ps.setLong(1, id),
                WebhookDeliveries::row));
    }

    /** Takes a received delivery for processing; false when someone else already took it. */
    public boolean claim(long id) {
        return scope.run("claiming delivery " + id, c -> Sql.update(c,
                "UPDATE webhook_deliveries SET status = ? WHERE id = ? AND status = ?", ps -> {
                    ps.setString(1, WebhookDelivery.PROCESSING);
                    ps.setLong(2, id);
                    ps.setString(3, WebhookDelivery.RECEIVED);
                }) == 1);
    }

    /** Records how processing ended: {@code done} with what was done, or {@code failed} with why. */
    public void finish(long id, boolean succeeded, String outcome) {
        scope.run("finishing delivery " + id, c -> Sql.update(c,
                "UPDATE webhook_deliveries SET status = ?, processed_at = ?, outcome = ? WHERE id = ?", ps -> {
                    ps.setString(1, succeeded ? WebhookDelivery.DONE : WebhookDelivery.FAILED);
                    Sql.setInstant(ps, 2, Sql.now(clock));
                    Sql.setString(ps, 3, outcome);
                    ps.setLong(4, id);
                }));
    }

    /**
     * The ids of deliveries a crash left unprocessed, oldest first; those caught in processing are handed back
     * as received. Called on start, before any delivery is processed.
     */
    public List<Long> unprocessed() {
        return scope.run("listing unprocessed deliveries", c -> {
            Sql.update(c, "UPDATE webhook_deliveries SET status = ? WHERE status = ?", ps -> {
                ps.setString(1, WebhookDelivery.RECEIVED);
                ps.setString(2, WebhookDelivery.PROCESSING);
            });
            return Sql.list(c, "SELECT id FROM webhook_deliveries WHERE status = ? ORDER BY id",
                    ps -> ps.setString(1, WebhookDelivery.RECEIVED), rs -> rs.getLong(1));
        });
    }

    public int count() {
        return scope.run("counting deliveries", c -> Sql.one(c, "SELECT COUNT(*) FROM webhook_deliveries",
                ps -> { }, rs -> rs.getInt(1)).orElse(0));
    }

    private static WebhookDelivery row(java.sql.ResultSet rs) throws SQLException {
        return new WebhookDelivery(rs.getLong("id"), rs.getString("host"), rs.getString("repo"),
                rs.getString("delivery_id"), rs.getString("event"), Sql.instant(rs, "received_at"),
                rs.getString("body"), rs.getString("status"), Sql.instant(rs, "processed_at"),
                rs.getString("outcome"));
    }
}
