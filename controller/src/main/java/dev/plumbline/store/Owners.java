package dev.plumbline.store;

import dev.plumbline.domain.Owner;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The processes that run tools, each with the time of its last heartbeat. A process registers before its first
 * run, beats every few seconds while it lives, and is marked stopped when it ends cleanly; one that stops beating
 * is found by {@link #stale} and marked stopped by whoever takes over what it left ({@link #markLost}).
 */
public final class Owners {
    private static final String SELECT = "SELECT id, host, pid, kind, started_at FROM owners";

    private final Scope scope;
    private final Clock clock;

    Owners(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** Records the owner as alive now; registering it again (a restart with the same id) revives its row. */
    public void register(Owner owner) {
        Objects.requireNonNull(owner, "owner");
        String doing = "registering owner " + owner.id();
        scope.run(doing, c -> {
            Instant now = Sql.now(clock);
            int updated = Sql.update(c, "UPDATE owners SET heartbeat_at = ?, stopped_at = NULL WHERE id = ?", ps -> {
                Sql.setInstant(ps, 1, now);
                ps.setString(2, owner.id());
            });
            if (updated == 0) {
                Sql.update(c, "INSERT INTO owners (id, host, pid, kind, started_at, heartbeat_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, owner.id());
                            ps.setString(2, owner.host());
                            ps.setLong(3, owner.pid());
                            ps.setString(4, owner.kind().wire());
                            Sql.setInstant(ps, 5, owner.startedAt());
                            Sql.setInstant(ps, 6, now);
                        });
            }
            return null;
        });
    }

    /**
     * Records that the owner is alive now. Returns false when its row said it had stopped: another process
     * presumed it lost (its heartbeat had been silent too long); the row is alive again from now on.
     */
    public boolean heartbeat(String ownerId) {
        String doing = "recording the heartbeat of owner " + ownerId;
        return scope.run(doing, c -> {
            boolean wasStopped = Sql.one(c, "SELECT stopped_at FROM owners WHERE id = ?", ps -> ps.setString(1, ownerId),
                    rs -> Sql.instant(rs, "stopped_at") != null)
                    .orElseThrow(() -> new IllegalStateException(doing + ": the owner is not registered"));
            Sql.update(c, "UPDATE owners SET heartbeat_at = ?, stopped_at = NULL WHERE id = ?", ps -> {
                Sql.setInstant(ps, 1, Sql.now(clock));
                ps.setString(2, ownerId);
            });
            return !wasStopped;
        });
    }

    /** The owner ended cleanly. */
    public void markStopped(String ownerId) {
        scope.run("marking owner " + ownerId + " stopped", c -> Sql.update(c,
                "UPDATE owners SET stopped_at = ? WHERE id = ? AND stopped_at IS NULL", ps -> {
                    Sql.setInstant(ps, 1, Sql.now(clock));
                    ps.setString(2, ownerId);
                }));
    }

    /**
     * Marks a live-looking owner stopped because another process found it gone; true for the one caller that did
     * (two daemons finding the same owner at once: the row lock makes the second see it stopped already).
     */
    public boolean markLost(String ownerId) {
        return scope.run("marking owner " + ownerId + " lost", c -> Sql.update(c,
                "UPDATE owners SET stopped_at = ? WHERE id = ? AND stopped_at IS NULL", ps -> {
                    Sql.setInstant(ps, 1, Sql.now(clock));
                    ps.setString(2, ownerId);
                }) == 1);
    }

    /**
     * Forgets owners that stopped before {@code before}: every CLI command that runs a tool adds one. Their runs
     * keep the id.
     */
    public int forgetStopped(Instant before) {
        return scope.run("forgetting owners stopped before " + before, c -> Sql.update(c,
                "DELETE FROM owners WHERE stopped_at < ?", ps -> Sql.setInstant(ps, 1, before)));
    }

    /** Owners not stopped whose last heartbeat is older than {@code threshold} at {@code now}, oldest first. */
    public List<Owner> stale(Duration threshold, Instant now) {
        return scope.run("finding owners silent for over " + threshold.toSeconds() + " s", c -> Sql.list(c,
                SELECT + " WHERE stopped_at IS NULL AND heartbeat_at < ? ORDER BY heartbeat_at, id",
                ps -> Sql.setInstant(ps, 1, now.minus(threshold)), Owners::row));
    }

    /** Owners of {@code host} not stopped, as registered. */
    public List<Owner> aliveOn(String host) {
        return scope.run("listing the owners of host " + host, c -> Sql.list(c,
                SELECT + " WHERE stopped_at IS NULL AND host = ? ORDER BY id", ps -> ps.setString(1, host),
                Owners::row));
    }

    public Optional<Owner> find(String ownerId) {
        return scope.run("reading owner " + ownerId, c -> Sql.one(c, SELECT + " WHERE id = ?",
                ps -> ps.setString(1, ownerId), Owners::row));
    }

    /** When the owner last beat; empty when it is not registered. */
    public Optional<Instant> lastHeartbeat(String ownerId) {
        return scope.run("reading the heartbeat of owner " + ownerId, c -> Sql.one(c,
                "SELECT heartbeat_at FROM owners WHERE id = ?", ps -> ps.setString(1, ownerId),
                rs -> Sql.instant(rs, "heartbeat_at")));
    }

    /** Whether the owner's row says it stopped (cleanly, or found gone); empty when it is not registered. */
    public Optional<Boolean> stopped(String ownerId) {
        return scope.run("reading owner " + ownerId, c -> Sql.one(c, "SELECT stopped_at FROM owners WHERE id = ?",
                ps -> ps.setString(1, ownerId), rs -> Sql.instant(rs, "stopped_at") != null));
    }

    private static Owner row(ResultSet rs) throws SQLException {
        return new Owner(rs.getString("id"), rs.getString("host"), rs.getLong("pid"), Sql.instant(rs, "started_at"),
                Owner.Kind.parse(rs.getString("kind")));
    }
}
