package dev.plumbline.store;

import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue of work every daemon takes its runs from. A trigger becomes a row here in the transaction that records
 * what caused it (reach this table from {@link Tx} for that), so work is durable before it is acknowledged.
 * Daemons {@link #claim} rows, at most one claimed row per workspace across all of them, and {@link #finish} what
 * they claimed; what a lost daemon held goes back to the queue with {@link #releaseOwner}.
 *
 * <p>Work that is still waiting is joined, not repeated: a second trigger of the same work ({@link Work#waitingKey})
 * gets the waiting row back, marked {@link Enqueued#joined}.
 */
public final class QueuedWork {
    /** A lost race on the waiting key is settled by reading the winner; a row that left meanwhile is retried. */
    private static final int ENQUEUE_TRIES = 3;

    private final Scope scope;
    private final Clock clock;

    QueuedWork(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** Queues {@code work}, or returns the waiting copy of the same work. */
    public Enqueued enqueue(Work work) {
        Objects.requireNonNull(work, "work");
        return scope.run("queuing " + work.describe(), c -> enqueue(c, work, Sql.now(clock)));
    }

    static Enqueued enqueue(Connection c, Work work, Instant now) throws SQLException {
        String key = work.waitingKey();
        if (key == null) {
            return new Enqueued(WorkRows.insert(c, work, null, now), false);
        }
        for (int i = 0; i < ENQUEUE_TRIES; i++) {
            Optional<Long> waiting = WorkRows.waiting(c, key);
            if (waiting.isPresent()) {
                raisePriority(c, waiting.get(), work.priority());
                return new Enqueued(waiting.get(), true);
            }
            try {
                return new Enqueued(Sql.undoneOnFailure(c, tx -> WorkRows.insert(tx, work, key, now)), false);
            } catch (SQLException e) {
                if (!Sql.isUniqueViolation(e)) {
                    throw e;
                }
                // queued by someone else since the read: join theirs
            }
        }
        throw new SQLException("the waiting row of the same work kept changing");
    }

    /** A waiting check joined by an event's becomes as urgent as the event's. */
    private static void raisePriority(Connection c, long workId, int priority) throws SQLException {
        Sql.update(c, "UPDATE queued_work SET priority = ? WHERE id = ? AND priority > ?", ps -> {
            ps.setInt(1, priority);
            ps.setLong(2, workId);
            ps.setInt(3, priority);
        });
    }

    /**
     * Moves the start of waiting event check {@code workId} to {@code notBefore}, later than now, while the check is
     * younger than {@code maxWait}: a burst whose events keep coming less than a debounce apart is one check, yet a
     * steady stream cannot hold it back for ever. False when it was not moved.
     */
    public boolean postpone(long workId, Instant notBefore, Duration maxWait) {
        Instant at = notBefore.truncatedTo(ChronoUnit.MICROS);
        return scope.run("postponing event check " + workId, c -> Sql.update(c, "UPDATE queued_work SET not_before"
                + " = ? WHERE id = ? AND state = ? AND trigger = ? AND not_before < ? AND created_at > ?", ps -> {
                    Sql.setInstant(ps, 1, at);
                    ps.setLong(2, workId);
                    ps.setString(3, WorkState.QUEUED.wire());
                    ps.setString(4, Trigger.EVENT.wire());
                    Sql.setInstant(ps, 5, at);
                    Sql.setInstant(ps, 6, at.minus(maxWait));
                }) == 1);
    }

    /**
     * The times at which the drift checks events asked for of {@code workspace} since {@code since} were queued,
     * oldest first: what the events' rate limit counts.
     */
    public List<Instant> eventChecksSince(WorkspaceId workspace, Instant since) {
        return scope.run("counting the event checks of " + workspace, c -> Sql.list(c, "SELECT created_at"
                + " FROM queued_work WHERE repo = ? AND workspace = ? AND kind = ? AND trigger = ? AND created_at > ?"
                + " ORDER BY created_at", ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                    ps.setString(3, WorkKind.DRIFT_CHECK.wire());
                    ps.setString(4, Trigger.EVENT.wire());
                    Sql.setInstant(ps, 5, since);
                }, rs -> Sql.instant(rs, "created_at")));
    }

    /**
     * Claims for {@code ownerId} up to {@code max} queued rows whose time has come by {@code now}: the most urgent
     * first, then the oldest, each of a workspace no one else holds. Rows another daemon is claiming at the same
     * moment are skipped, not waited for. The claimed rows come back claimed.
     */
    public List<WorkItem> claim(String ownerId, int max, Instant now) {
        requireOwner(ownerId, "claiming queued work");
        if (max < 1) {
            return List.of();
        }
        return scope.run("claiming queued work for " + ownerId, c -> WorkClaims.claim(c, ownerId, max, now));
    }

    /**
     * Ends work {@code workId} that {@code ownerId} claimed, as {@code state} (done or cancelled), with the last run
     * it made ({@code runId}, null for none), and frees its workspace. False when the owner no longer held it
     * (it was released as lost): the row is then left as it is.
     */
    public boolean finish(long workId, String ownerId, Long runId, WorkState state) {
        requireOwner(ownerId, "finishing work " + workId);
        if (!state.isFinal()) {
            throw new IllegalArgumentException("finishing work " + workId + ": " + state.wire()
                    + " is not an end state");
        }
        return scope.run("finishing work " + workId + " as " + state.wire(), c -> {
            int ended = Sql.update(c, "UPDATE queued_work SET state = ?, run_id = ?, finished_at = ?"
                    + " WHERE id = ? AND state = ? AND claimed_by = ?", ps -> {
                        ps.setString(1, state.wire());
                        Sql.setLong(ps, 2, runId);
                        Sql.setInstant(ps, 3, Sql.now(clock));
                        ps.setLong(4, workId);
                        ps.setString(5, WorkState.CLAIMED.wire());
                        ps.setString(6, ownerId);
                    });
            if (ended == 0) {
                return false;
            }
            WorkClaims.free(c, workId);
            return true;
        });
    }

    /**
     * Withdraws waiting work {@code workId} on behalf of {@code by} (authenticated {@code via}, null when not
     * known), audited in the same transaction, and returns
     * it as it now stands. Refused, naming the work, when there is no such work or it is no longer waiting: work
     * that is running is cancelled through its run.
     */
    public WorkItem withdraw(long workId, String by, String via) {
        Objects.requireNonNull(by, "by");
        String doing = "cancelling queued work " + workId;
        return scope.run(doing, c -> {
            WorkItem item = WorkRows.select(c, "WHERE id = ? FOR UPDATE", ps -> ps.setLong(1, workId)).stream()
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(doing + ": there is no queued work "
                            + workId + " (plumbline queue lists it)"));
            if (item.state() != WorkState.QUEUED) {
                throw new IllegalStateException(doing + ": " + notWaiting(item));
            }
            Instant now = Sql.now(clock);
            Sql.update(c, "UPDATE queued_work SET state = ?, waiting_key = NULL, finished_at = ? WHERE id = ?", ps -> {
                ps.setString(1, WorkState.CANCELLED.wire());
                Sql.setInstant(ps, 2, now);
                ps.setLong(3, workId);
            });
            Long workspaceId = Sql.one(c, "SELECT id FROM workspaces WHERE repo = ? AND name = ?", ps -> {
                ps.setString(1, item.work().workspace().repo());
                ps.setString(2, item.work().workspace().name());
            }, rs -> rs.getLong(1)).orElse(null);
            AuditLog.insert(c, clock, new AuditLog.Entry(by, "work.cancelled", workspaceId, null,
                    "queued " + item.work().describe() + " (work " + workId + ") cancelled before it started", via));
            return new WorkItem(item.id(), item.work(), WorkState.CANCELLED, null, null, item.runId(),
                    item.createdAt(), now);
        });
    }

    private static String notWaiting(WorkItem item) {
        return switch (item.state()) {
            case CLAIMED -> "it is running" + (item.runId() == null ? "" : " as run " + item.runId()
                    + "; cancel the run: plumbline cancel " + item.runId()) + " (owner " + item.claimedBy() + ")";
            case DONE -> "it already ran" + (item.runId() == null ? "" : " as run " + item.runId());
            case CANCELLED -> "it was already cancelled";
            case QUEUED -> "it is waiting";
        };
    }

    /**
     * Hands back what {@code ownerId} holds, because that owner is gone (or stopping): drift checks and plans go
     * back to the queue as they were; a pull request apply is not run again but becomes a fresh review of its head
     * ({@link Work#afterLoss}). The owner's workspaces are freed. Returns how many rows it held.
     */
    public int releaseOwner(String ownerId) {
        requireOwner(ownerId, "releasing the work of an owner");
        return scope.run("releasing the work held by " + ownerId, c -> WorkClaims.release(c, ownerId, Sql.now(clock)));
    }

    /** The owners holding claimed work now. */
    public List<String> claimOwners() {
        return scope.run("listing the owners of claimed work", c -> Sql.list(c,
                "SELECT DISTINCT claimed_by FROM queued_work WHERE state = ? ORDER BY claimed_by",
                ps -> ps.setString(1, WorkState.CLAIMED.wire()), rs -> rs.getString(1)));
    }

    public Optional<WorkItem> find(long workId) {
        return scope.run("reading work " + workId, c -> WorkRows.select(c, "WHERE id = ?",
                ps -> ps.setLong(1, workId)).stream().findFirst());
    }

    /** The work queued for {@code workspace}, newest first, in every state. */
    public List<WorkItem> ofWorkspace(WorkspaceId workspace, int limit) {
        return scope.run("reading the queued work of " + workspace, c -> WorkRows.select(c,
                "WHERE repo = ? AND workspace = ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY", ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                    ps.setInt(3, limit);
                }));
    }

    /** The claimed and the waiting work, across every daemon. */
    public QueueSnapshot snapshot() {
        return scope.run("reading the queue", c -> new QueueSnapshot(
                WorkRows.select(c, "WHERE state = ? ORDER BY claimed_at, id",
                        ps -> ps.setString(1, WorkState.CLAIMED.wire())),
                WorkRows.select(c, "WHERE state = ? ORDER BY priority, id",
                        ps -> ps.setString(1, WorkState.QUEUED.wire()))));
    }

    private static void requireOwner(String ownerId, String doing) {
        if (ownerId == null || ownerId.isBlank() || ownerId.length() > 200) {
            throw new IllegalArgumentException(doing + ": the owner id must be 1 to 200 characters, not blank");
        }
    }
}
