package dev.plumbline.store;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Approvals to apply a run's plan. Each names the sha256 of the plan that was looked at; whether it still
 * matches the plan about to be applied is for the caller's policy to decide.
 */
public final class Approvals {
    private final Scope scope;
    private final Clock clock;

    Approvals(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** Records the approval; a run can be approved once. {@code comment} may be null. */
    public void approve(long runId, String planSha256, String approvedBy, String comment) {
        approve(runId, planSha256, approvedBy, null, comment);
    }

    /** As {@link #approve(long, String, String, String)}, with how the approver was authenticated. */
    public void approve(long runId, String planSha256, String approvedBy, String approvedVia, String comment) {
        Objects.requireNonNull(planSha256, "planSha256");
        Objects.requireNonNull(approvedBy, "approvedBy");
        String doing = "approving run " + runId + " for " + approvedBy;
        scope.run(doing, c -> {
            try {
                return Sql.insert(c, "INSERT INTO approvals (run_id, plan_sha256, approved_by, approved_at, comment,"
                        + " approved_via) VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                            ps.setLong(1, runId);
                            ps.setString(2, planSha256);
                            ps.setString(3, approvedBy);
                            Sql.setInstant(ps, 4, Sql.now(clock));
                            Sql.setString(ps, 5, comment);
                            Sql.setString(ps, 6, approvedVia);
                        });
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new IllegalStateException(doing + ": run " + runId + " is already approved", e);
                }
                throw e;
            }
        });
    }

    public Optional<Approval> find(long runId) {
        return scope.run("reading the approval of run " + runId, c -> Sql.one(c,
                "SELECT id, run_id, plan_sha256, approved_by, approved_at, comment, approved_via FROM approvals"
                        + " WHERE run_id = ?",
                ps -> ps.setLong(1, runId),
                rs -> new Approval(rs.getLong("id"), rs.getLong("run_id"), rs.getString("plan_sha256"),
                        rs.getString("approved_by"), Sql.instant(rs, "approved_at"), rs.getString("comment"),
                        rs.getString("approved_via"))));
    }
}
