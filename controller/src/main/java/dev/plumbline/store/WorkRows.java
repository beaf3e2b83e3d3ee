package dev.plumbline.store;

import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code queued_work} rows shared by {@link QueuedWork} and its claims: reading and writing one row. */
final class WorkRows {
    static final String COLUMNS = "id, repo, workspace, kind, trigger, attempt, retry_of, pr_number, head_sha,"
            + " review_id, requested_by, not_before, state, claimed_by, claimed_at, run_id, created_at, finished_at";

    private WorkRows() {
    }

    /** Inserts {@code work} as queued, under {@code waitingKey} (null for none); returns its id. */
    static long insert(Connection c, Work work, String waitingKey, Instant now) throws SQLException {
        return Sql.insert(c, "INSERT INTO queued_work (repo, workspace, kind, priority, trigger, attempt, retry_of,"
                + " pr_number, head_sha, review_id, requested_by, not_before, state, waiting_key, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, work.workspace().repo());
                    ps.setString(2, work.workspace().name());
                    ps.setString(3, work.kind().wire());
                    ps.setInt(4, work.priority());
                    ps.setString(5, work.trigger().wire());
                    ps.setInt(6, work.attempt());
                    Sql.setLong(ps, 7, work.retryOf());
                    PullRequestTarget pr = work.pullRequest();
                    Sql.setInteger(ps, 8, pr == null ? null : pr.number());
                    Sql.setString(ps, 9, pr == null ? null : pr.headSha());
                    Sql.setLong(ps, 10, pr == null ? null : pr.reviewId());
                    Sql.setString(ps, 11, pr == null ? null : pr.requestedBy());
                    // truncated as Sql.now is, so that a row due at t is due for a claim at t on both databases
                    Sql.setInstant(ps, 12, work.notBefore() == null ? now
                            : work.notBefore().truncatedTo(ChronoUnit.MICROS));
                    ps.setString(13, WorkState.QUEUED.wire());
                    Sql.setString(ps, 14, waitingKey);
                    Sql.setInstant(ps, 15, now);
                });
    }

    /** The waiting row queued under {@code waitingKey}, if one still waits. */
    static Optional<Long> waiting(Connection c, String waitingKey) throws SQLException {
        return Sql.one(c, "SELECT id FROM queued_work WHERE waiting_key = ?", ps -> ps.setString(1, waitingKey),
                rs -> rs.getLong(1));
    }

    static List<WorkItem> select(Connection c, String where, Sql.Params params) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM queued_work " + where, params, WorkRows::row);
    }

    static WorkItem row(ResultSet rs) throws SQLException {
        Integer number = Sql.integer(rs, "pr_number");
        PullRequestTarget pr = number == null ? null : new PullRequestTarget(number, rs.getString("head_sha"),
                Sql.longOrNull(rs, "review_id"), rs.getString("requested_by"));
        Work work = new Work(new WorkspaceId(rs.getString("repo"), rs.getString("workspace")),
                WorkKind.parse(rs.getString("kind")), Trigger.parse(rs.getString("trigger")), rs.getInt("attempt"),
                Sql.longOrNull(rs, "retry_of"), pr, Sql.instant(rs, "not_before"));
        return new WorkItem(rs.getLong("id"), work, WorkState.parse(rs.getString("state")),
                rs.getString("claimed_by"), Sql.instant(rs, "claimed_at"), Sql.longOrNull(rs, "run_id"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "finished_at"));
    }
}
