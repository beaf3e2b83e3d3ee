package dev.plumbline.store;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.RunTimes;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The history of runs. A run is written before its tool starts, with the process that owns it, and finished exactly
 * once, so a process that dies mid-run leaves a RUNNING row behind, which {@link #markInterrupted(String, String)}
 * turns into a visible INTERRUPTED one once that process is known to be gone.
 */
public final class Runs {
    static final String SELECT = """
            SELECT r.id, w.repo, w.name, r.kind, r.trigger, r.commit_sha, r.tool, r.tool_version, r.status,
                   r.classification, r.attempt, r.retry_of, r.queued_at, r.started_at, r.finished_at, r.exit_code,
                   r.add_count, r.change_count, r.destroy_count, r.error_message
            FROM runs r JOIN workspaces w ON w.id = r.workspace_id
            """;
    private static final String NOT_FINAL = "('" + RunStatus.PENDING.wire() + "', '" + RunStatus.RUNNING.wire() + "')";

    private final Scope scope;
    private final Clock clock;

    Runs(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** Records a run as RUNNING, started now. Call it before the tool process starts. */
    public long start(NewRun run) {
        return insert(run, RunStatus.RUNNING);
    }

    /** Records a run as PENDING: queued work that {@link #markStarted} later picks up. */
    public long enqueue(NewRun run) {
        return insert(run, RunStatus.PENDING);
    }

    public void markStarted(long runId) {
        String doing = "starting run " + runId;
        scope.run(doing, c -> {
            Instant now = Sql.now(clock);
            int updated = Sql.update(c, "UPDATE runs SET status = ?, started_at = ? WHERE id = ? AND status = ?",
                    ps -> {
                        ps.setString(1, RunStatus.RUNNING.wire());
                        Sql.setInstant(ps, 2, now);
                        ps.setLong(3, runId);
                        ps.setString(4, RunStatus.PENDING.wire());
                    });
            if (updated == 0) {
                throw new IllegalStateException(doing + ": it is " + statusOf(c, runId, doing).wire()
                        + ", not pending");
            }
            return null;
        });
    }

    /**
     * Ends a run; a run that already ended cannot end again, so a late or duplicate report fails loudly. One
     * exception: a run another process marked interrupted, presuming its process lost, takes the outcome its own
     * process reports after all (what really happened wins), and the audit log keeps that it had been presumed lost.
     */
    public void finish(long runId, RunOutcome outcome) {
        String doing = "finishing run " + runId + " as " + outcome.status().wire();
        scope.run(doing, c -> {
            if (write(c, runId, outcome, "status IN " + NOT_FINAL) == 1) {
                WorkspaceChecks.ended(c, runId);
                return null;
            }
            Optional<String> presumption = presumedLost(c, runId);
            if (presumption.isEmpty()) {
                throw new IllegalStateException(doing + ": run " + runId + " already finished as "
                        + statusOf(c, runId, doing).wire());
            }
            write(c, runId, outcome, "status = '" + RunStatus.INTERRUPTED.wire() + "' AND presumed_lost_at IS NOT NULL");
            WorkspaceChecks.ended(c, runId);
            Long workspaceId = Sql.one(c, "SELECT workspace_id FROM runs WHERE id = ?", ps -> ps.setLong(1, runId),
                    rs -> rs.getLong(1)).orElse(null);
            AuditLog.insert(c, clock, new AuditLog.Entry("plumbline", "run.presumed_lost", workspaceId, runId,
                    "run " + runId + " had been marked interrupted (" + presumption.get() + ") while its process was"
                    + " still running it; recorded as " + outcome.status().wire() + ", as its process reported"));
            return null;
        });
    }

    private int write(Connection c, long runId, RunOutcome outcome, String condition) throws SQLException {
        Instant now = Sql.now(clock);
        return Sql.update(c, "UPDATE runs SET status = ?, finished_at = ?, exit_code = ?,"
                + " classification = ?, add_count = ?, change_count = ?, destroy_count = ?, error_message = ?"
                + " WHERE id = ? AND " + condition, ps -> {
                    ps.setString(1, outcome.status().wire());
                    Sql.setInstant(ps, 2, now);
                    Sql.setInteger(ps, 3, outcome.exitCode());
                    Classification classification = outcome.classification();
                    Sql.setString(ps, 4, classification == null ? null : classification.wire());
                    ResourceCounts counts = outcome.counts();
                    Sql.setInteger(ps, 5, counts == null ? null : counts.add());
                    Sql.setInteger(ps, 6, counts == null ? null : counts.change());
                    Sql.setInteger(ps, 7, counts == null ? null : counts.destroy());
                    Sql.setString(ps, 8, outcome.errorMessage());
                    ps.setLong(9, runId);
                });
    }

    /** Why another process marked the run interrupted, if one did and it is still recorded so. */
    private static Optional<String> presumedLost(Connection c, long runId) throws SQLException {
        return Sql.one(c, "SELECT error_message FROM runs WHERE id = ? AND status = ? AND presumed_lost_at IS NOT NULL",
                ps -> {
                    ps.setLong(1, runId);
                    ps.setString(2, RunStatus.INTERRUPTED.wire());
                }, rs -> String.valueOf(rs.getString(1)));
    }

    /**
     * On a daemon's start, for runs written before runs had owners: a RUNNING one lost its process with the daemon
     * that ran it and becomes INTERRUPTED with {@code reason}; owned and PENDING runs are left. Returns how many.
     */
    public int markInterrupted(String reason) {
        return scope.run("marking interrupted runs", c -> {
            Instant now = Sql.now(clock);
            List<Long> cut = Sql.list(c, "SELECT id FROM runs WHERE status = ? AND owner_id IS NULL ORDER BY id",
                    ps -> ps.setString(1, RunStatus.RUNNING.wire()), rs -> rs.getLong(1));
            int marked = Sql.update(c, "UPDATE runs SET status = ?, finished_at = ?, presumed_lost_at = ?,"
                    + " error_message = ?"
                    + " WHERE status = ? AND owner_id IS NULL", ps -> {
                        ps.setString(1, RunStatus.INTERRUPTED.wire());
                        Sql.setInstant(ps, 2, now);
                        Sql.setInstant(ps, 3, now);
                        ps.setString(4, reason);
                        ps.setString(5, RunStatus.RUNNING.wire());
                    });
            for (long id : cut) {
                WorkspaceChecks.ended(c, id);
            }
            return marked;
        });
    }

    /**
     * The RUNNING runs of owner {@code ownerId}, whose process is gone, become INTERRUPTED with {@code reason};
     * no other owner's run is touched. Returns them as they are now.
     */
    public List<Run> markInterrupted(String ownerId, String reason) {
        Objects.requireNonNull(ownerId, "ownerId");
        return scope.run("marking the runs of owner " + ownerId + " interrupted", c -> {
            Instant now = Sql.now(clock);
            Sql.update(c, "UPDATE runs SET status = ?, finished_at = ?, presumed_lost_at = ?, error_message = ?"
                    + " WHERE owner_id = ? AND status = ?", ps -> {
                        ps.setString(1, RunStatus.INTERRUPTED.wire());
                        Sql.setInstant(ps, 2, now);
                        Sql.setInstant(ps, 3, now);
                        ps.setString(4, reason);
                        ps.setString(5, ownerId);
                        ps.setString(6, RunStatus.RUNNING.wire());
                    });
            List<Run> cut = Sql.list(c, SELECT + " WHERE r.owner_id = ? AND r.status = ? AND r.presumed_lost_at = ?"
                    + " ORDER BY r.id", ps -> {
                        ps.setString(1, ownerId);
                        ps.setString(2, RunStatus.INTERRUPTED.wire());
                        Sql.setInstant(ps, 3, now);
                    }, Runs::row);
            for (Run r : cut) {
                WorkspaceChecks.ended(c, r.id());
            }
            return cut;
        });
    }

    /** Who runs (or ran) the run, and for an apply, the plan run it applies. */
    public Optional<RunLinks> links(long runId) {
        return scope.run("reading the owner and plan of run " + runId, c -> Sql.one(c,
                "SELECT owner_id, plan_run_id FROM runs WHERE id = ?", ps -> ps.setLong(1, runId),
                rs -> new RunLinks(rs.getString("owner_id"), Sql.longOrNull(rs, "plan_run_id"))));
    }

    public Optional<Run> find(long runId) {
        return scope.run("reading run " + runId, c -> Sql.one(c, SELECT + " WHERE r.id = ?",
                ps -> ps.setLong(1, runId), Runs::row));
    }

    /** The newest runs first, of one workspace or of all. */
    public List<Run> list(Optional<WorkspaceId> workspace, int limit) {
        if (workspace.isEmpty()) {
            return scope.run("listing runs", c -> Sql.list(c, SELECT + " ORDER BY r.id DESC LIMIT ?",
                    ps -> ps.setInt(1, limit), Runs::row));
        }
        WorkspaceId id = workspace.get();
        return scope.run("listing runs of " + id, c -> Sql.list(c,
                SELECT + " WHERE w.repo = ? AND w.name = ? ORDER BY r.id DESC LIMIT ?", ps -> {
                    ps.setString(1, id.repo());
                    ps.setString(2, id.name());
                    ps.setInt(3, limit);
                }, Runs::row));
    }

    /** Records how long a run took in all, and how much of it its tool processes took. */
    public void recordTimings(long runId, Duration total, Duration tool) {
        scope.run("recording the timings of run " + runId, c -> Sql.update(c,
                "UPDATE runs SET total_ms = ?, tool_ms = ? WHERE id = ?", ps -> {
                    ps.setLong(1, total.toMillis());
                    ps.setLong(2, tool.toMillis());
                    ps.setLong(3, runId);
                }));
    }

    /** A run's total and tool time, once recorded. */
    public Optional<RunTimings> timings(long runId) {
        return scope.run("reading the timings of run " + runId, c -> Sql.one(c,
                "SELECT total_ms, tool_ms FROM runs WHERE id = ? AND total_ms IS NOT NULL", ps -> ps.setLong(1, runId),
                rs -> new RunTimings(Duration.ofMillis(rs.getLong("total_ms")),
                        Duration.ofMillis(rs.getLong("tool_ms")))));
    }

    /** Records that apply run {@code applyRunId} applies the saved plan of run {@code planRunId}. */
    public void linkPlan(long applyRunId, long planRunId) {
        String doing = "linking apply run " + applyRunId + " to plan run " + planRunId;
        scope.run(doing, c -> {
            int updated = Sql.update(c, "UPDATE runs SET plan_run_id = ? WHERE id = ? AND kind = ?", ps -> {
                ps.setLong(1, planRunId);
                ps.setLong(2, applyRunId);
                ps.setString(3, RunKind.APPLY.wire());
            });
            if (updated == 0) {
                throw new IllegalArgumentException(doing + ": run " + applyRunId + " is not an apply run");
            }
            return null;
        });
    }

    /** The apply runs of a plan, newest first (a failed apply may be followed by another attempt). */
    public List<Run> appliesOf(long planRunId) {
        return scope.run("reading the applies of run " + planRunId, c -> Sql.list(c,
                SELECT + " WHERE r.plan_run_id = ? ORDER BY r.id DESC", ps -> ps.setLong(1, planRunId), Runs::row));
    }

    /** The most recent run of this kind in the workspace, whatever its status. */
    public Optional<Run> latest(WorkspaceId workspace, RunKind kind) {
        return scope.run("reading the latest " + kind.wire() + " run of " + workspace, c -> Sql.one(c,
                SELECT + " WHERE w.repo = ? AND w.name = ? AND r.kind = ? ORDER BY r.id DESC LIMIT 1", ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                    ps.setString(3, kind.wire());
                }, Runs::row));
    }

    private long insert(NewRun run, RunStatus status) {
        String doing = (status == RunStatus.RUNNING ? "starting " : "queueing ") + run.kind().wire() + " run of "
                + run.workspace();
        return scope.run(doing, c -> {
            long workspaceId = Workspaces.idOf(c, run.workspace(), doing);
            Instant now = Sql.now(clock);
            return Sql.insert(c, "INSERT INTO runs (workspace_id, kind, trigger, commit_sha, tool, tool_version,"
                    + " status, attempt, retry_of, owner_id, queued_at, started_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    + (status == RunStatus.RUNNING ? "?" : "NULL") + ")", ps -> {
                        ps.setLong(1, workspaceId);
                        ps.setString(2, run.kind().wire());
                        ps.setString(3, run.trigger().wire());
                        Sql.setString(ps, 4, run.commitSha());
                        ps.setString(5, run.tool().command());
                        Sql.setString(ps, 6, run.toolVersion());
                        ps.setString(7, status.wire());
                        ps.setInt(8, run.attempt());
                        Sql.setLong(ps, 9, run.retryOf());
                        Sql.setString(ps, 10, run.ownerId());
                        Sql.setInstant(ps, 11, now);
                        if (status == RunStatus.RUNNING) {
                            Sql.setInstant(ps, 12, now);
                        }
                    });
        });
    }

    private static RunStatus statusOf(Connection c, long runId, String doing) throws SQLException {
        return Sql.one(c, "SELECT status FROM runs WHERE id = ?", ps -> ps.setLong(1, runId),
                        rs -> RunStatus.parse(rs.getString(1)))
                .orElseThrow(() -> new IllegalArgumentException(doing + ": there is no run " + runId));
    }

    static Run row(ResultSet rs) throws SQLException {
        String classification = rs.getString("classification");
        RunTimes times = new RunTimes(Sql.instant(rs, "queued_at"), Sql.instant(rs, "started_at"),
                Sql.instant(rs, "finished_at"));
        return new Run(rs.getLong("id"), new WorkspaceId(rs.getString("repo"), rs.getString("name")),
                RunKind.parse(rs.getString("kind")), Trigger.parse(rs.getString("trigger")),
                rs.getString("commit_sha"), Tool.parse(rs.getString("tool")), rs.getString("tool_version"),
                RunStatus.parse(rs.getString("status")),
                classification == null ? null : Classification.parse(classification), rs.getInt("attempt"),
                Sql.longOrNull(rs, "retry_of"), times, Sql.integer(rs, "exit_code"), counts(rs),
                rs.getString("error_message"));
    }

    /** The three counts are written together, by {@link #finish}; the table keeps no forget count. */
    private static ResourceCounts counts(ResultSet rs) throws SQLException {
        Integer add = Sql.integer(rs, "add_count");
        if (add == null) {
            return null;
        }
        return new ResourceCounts(add, rs.getInt("change_count"), rs.getInt("destroy_count"), 0);
    }
}
