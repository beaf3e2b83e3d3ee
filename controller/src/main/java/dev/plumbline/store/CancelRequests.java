package dev.plumbline.store;

import dev.plumbline.domain.RunStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Requests to cancel a run, from any process: a queued run is cancelled at once (it never started, so nothing
 * needs stopping); a running one is marked, and the process that owns it, which looks every few seconds
 * ({@link #pendingFor}), stops its tool and records it cancelled.
 */
public final class CancelRequests {
    private final Scope scope;
    private final Clock clock;

    CancelRequests(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** What a request did. {@code ownerId} is the process asked to stop a running run; null otherwise. */
    public record Result(Effect effect, String ownerId) { }

    public enum Effect {
        /** The run was queued and is now cancelled: it will not start. */
        REMOVED_FROM_QUEUE,
        /** The run is running; its owner stops it. */
        REQUESTED,
        /** A request was already made; it stands. */
        ALREADY_REQUESTED
    }

    /**
     * Asks for run {@code runId} to be cancelled, by {@code by}. Refused, naming the run, when there is no such run
     * or it already finished.
     */
    public Result request(long runId, String by) {
        return request(runId, by, null);
    }

    /** As {@link #request(long, String)}, with how {@code by} was authenticated ({@code via}) for the audit log. */
    public Result request(long runId, String by, String via) {
        Objects.requireNonNull(by, "by");
        String doing = "cancelling run " + runId;
        return scope.run(doing, c -> {
            Row row = Sql.one(c, "SELECT status, owner_id, cancel_requested_at FROM runs WHERE id = ? FOR UPDATE",
                    ps -> ps.setLong(1, runId), rs -> new Row(RunStatus.parse(rs.getString("status")),
                            rs.getString("owner_id"), Sql.instant(rs, "cancel_requested_at")))
                    .orElseThrow(() -> new IllegalArgumentException(doing + ": there is no run " + runId));
            Instant now = Sql.now(clock);
            if (row.status() == RunStatus.PENDING) {
                Sql.update(c, "UPDATE runs SET status = ?, finished_at = ?, cancel_requested_at = ?,"
                        + " cancel_requested_by = ?, error_message = ? WHERE id = ?", ps -> {
                            ps.setString(1, RunStatus.CANCELLED.wire());
                            Sql.setInstant(ps, 2, now);
                            Sql.setInstant(ps, 3, now);
                            ps.setString(4, by);
                            ps.setString(5, "cancelled by " + by + " before it started");
                            ps.setLong(6, runId);
                        });
                audit(c, runId, by, via, "removed from the queue");
                return new Result(Effect.REMOVED_FROM_QUEUE, null);
            }
            if (row.status().isFinal()) {
                throw new IllegalStateException(doing + ": run " + runId + " already finished as "
                        + row.status().wire());
            }
            if (row.requestedAt() != null) {
                return new Result(Effect.ALREADY_REQUESTED, row.ownerId());
            }
            Sql.update(c, "UPDATE runs SET cancel_requested_at = ?, cancel_requested_by = ? WHERE id = ?", ps -> {
                Sql.setInstant(ps, 1, now);
                ps.setString(2, by);
                ps.setLong(3, runId);
            });
            audit(c, runId, by, via, row.ownerId() == null ? "requested; the run has no recorded owner to stop it"
                    : "requested of its owner " + row.ownerId());
            return new Result(Effect.REQUESTED, row.ownerId());
        });
    }

    private record Row(RunStatus status, String ownerId, Instant requestedAt) { }

    private void audit(Connection c, long runId, String by, String via, String what) throws SQLException {
        Long workspaceId = Sql.one(c, "SELECT workspace_id FROM runs WHERE id = ?", ps -> ps.setLong(1, runId),
                rs -> rs.getLong(1)).orElse(null);
        AuditLog.insert(c, clock, new AuditLog.Entry(by, "run.cancel_requested", workspaceId, runId,
                "cancel of run " + runId + " " + what, via));
    }

    /** A running run of some owner whose cancellation was asked for, and who asked. */
    public record Pending(long runId, String by) { }

    /** The running runs of {@code ownerId} that someone asked to cancel. */
    public List<Pending> pendingFor(String ownerId) {
        return scope.run("reading the cancel requests for owner " + ownerId, c -> Sql.list(c,
                "SELECT id, cancel_requested_by FROM runs WHERE owner_id = ? AND status = ?"
                        + " AND cancel_requested_at IS NOT NULL ORDER BY id", ps -> {
                    ps.setString(1, ownerId);
                    ps.setString(2, RunStatus.RUNNING.wire());
                }, rs -> new Pending(rs.getLong("id"), rs.getString("cancel_requested_by"))));
    }
}
