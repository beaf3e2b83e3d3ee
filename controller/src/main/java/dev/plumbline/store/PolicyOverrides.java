package dev.plumbline.store;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Overrides of failing mandatory policy sets, each for exactly one stored plan (by its sha256). Whether an override
 * still matches the plan about to be applied is for the caller's policy to decide.
 */
public final class PolicyOverrides {
    private final Scope scope;
    private final Clock clock;

    PolicyOverrides(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** Records the override; a set is overridden once per run. {@code comment} may be null. */
    public void record(long runId, String set, String planSha256, String by, String comment) {
        Objects.requireNonNull(planSha256, "planSha256");
        String doing = "overriding policy set " + set + " for run " + runId;
        scope.run(doing, c -> {
            try {
                return Sql.insert(c, "INSERT INTO policy_overrides (run_id, set_name, plan_sha256, overridden_by,"
                        + " overridden_at, comment) VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                            ps.setLong(1, runId);
                            ps.setString(2, set);
                            ps.setString(3, planSha256);
                            ps.setString(4, by);
                            Sql.setInstant(ps, 5, Sql.now(clock));
                            Sql.setString(ps, 6, comment);
                        });
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new IllegalStateException(doing + ": it is already overridden for this run", e);
                }
                throw e;
            }
        });
    }

    public List<PolicyOverride> forRun(long runId) {
        return scope.run("reading the policy overrides of run " + runId, c -> Sql.list(c,
                "SELECT run_id, set_name, plan_sha256, overridden_by, overridden_at, comment FROM policy_overrides"
                        + " WHERE run_id = ? ORDER BY id", ps -> ps.setLong(1, runId),
                rs -> new PolicyOverride(rs.getLong("run_id"), rs.getString("set_name"), rs.getString("plan_sha256"),
                        rs.getString("overridden_by"), Sql.instant(rs, "overridden_at"), rs.getString("comment"))));
    }
}
