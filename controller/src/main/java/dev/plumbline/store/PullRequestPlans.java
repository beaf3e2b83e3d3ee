package dev.plumbline.store;

import dev.plumbline.store.PullRequestPlan.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The plans made for pull requests, one row per workspace and head commit, and what became of each. */
public final class PullRequestPlans {
    private static final String COLUMNS = "id, repo, pr_number, workspace, head_sha, run_id, status, fmt_problems,"
            + " validation_message, apply_run_id, apply_requested_by, note, created_at, updated_at";

    private final Scope scope;
    private final Clock clock;

    PullRequestPlans(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** A review that is about to plan; returns its id. */
    public long start(String repo, int number, String workspace, String headSha) {
        return scope.run("recording the review of " + repo + "/" + workspace + " for #" + number, c -> Sql.insert(c,
                "INSERT INTO pull_request_plans (repo, pr_number, workspace, head_sha, status, created_at,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, repo);
                            ps.setInt(2, number);
                            ps.setString(3, workspace);
                            ps.setString(4, headSha);
                            ps.setString(5, Status.PLANNING.wire());
                            Sql.setInstant(ps, 6, Sql.now(clock));
                            Sql.setInstant(ps, 7, Sql.now(clock));
                        }));
    }

    /** The review's run and checks; {@code fmtProblems} and {@code validationMessage} are already redacted. */
    public void finish(long id, Long runId, Status status, List<String> fmtProblems, String validationMessage) {
        scope.run("finishing review " + id, c -> Sql.update(c, "UPDATE pull_request_plans SET run_id = ?,"
                + " status = ?, fmt_problems = ?, validation_message = ?, updated_at = ? WHERE id = ?", ps -> {
                    Sql.setLong(ps, 1, runId);
                    ps.setString(2, status.wire());
                    Sql.setString(ps, 3, fmtProblems.isEmpty() ? null : String.join("\n", fmtProblems));
                    Sql.setString(ps, 4, validationMessage);
                    Sql.setInstant(ps, 5, Sql.now(clock));
                    ps.setLong(6, id);
                }));
    }

    public void setStatus(long id, Status status) {
        update(id, "status = ?", status.wire());
    }

    public void setNote(long id, String note) {
        update(id, "note = ?", note);
    }

    /** Someone asked to apply while another pull request holds the lock: the apply waits for it. */
    public void requestApply(long id, String who) {
        update(id, "apply_requested_by = ?", who);
    }

    public void applied(long id, long applyRunId, boolean succeeded) {
        scope.run("recording the apply of review " + id, c -> Sql.update(c, "UPDATE pull_request_plans SET"
                + " apply_run_id = ?, apply_requested_by = NULL, status = ?, updated_at = ? WHERE id = ?", ps -> {
                    ps.setLong(1, applyRunId);
                    ps.setString(2, (succeeded ? Status.APPLIED : Status.APPLY_FAILED).wire());
                    Sql.setInstant(ps, 3, Sql.now(clock));
                    ps.setLong(4, id);
                }));
    }

    public Optional<PullRequestPlan> find(long id) {
        return scope.run("reading review " + id, c -> Sql.one(c,
                "SELECT " + COLUMNS + " FROM pull_request_plans WHERE id = ?", ps -> ps.setLong(1, id),
                PullRequestPlans::row));
    }

    /** The newest review of each workspace at {@code headSha}, by workspace name. */
    public List<PullRequestPlan> atHead(String repo, int number, String headSha) {
        return scope.run("reading the reviews of " + repo + "#" + number + " at " + headSha, c -> Sql.list(c,
                "SELECT " + COLUMNS + " FROM pull_request_plans p WHERE repo = ? AND pr_number = ? AND head_sha = ?"
                        + " AND id = (SELECT MAX(id) FROM pull_request_plans q WHERE q.repo = p.repo"
                        + " AND q.pr_number = p.pr_number AND q.head_sha = p.head_sha AND q.workspace = p.workspace)"
                        + " ORDER BY workspace", ps -> {
                            ps.setString(1, repo);
                            ps.setInt(2, number);
                            ps.setString(3, headSha);
                        }, PullRequestPlans::row));
    }

    /** Every review of a pull request that is still in one of {@code statuses}. */
    public List<PullRequestPlan> ofPullRequest(String repo, int number, Status... statuses) {
        return scope.run("reading the reviews of " + repo + "#" + number, c -> Sql.list(c,
                "SELECT " + COLUMNS + " FROM pull_request_plans WHERE repo = ? AND pr_number = ? AND status IN ("
                        + placeholders(statuses.length) + ") ORDER BY id", ps -> {
                            ps.setString(1, repo);
                            ps.setInt(2, number);
                            bindStatuses(ps, 3, statuses);
                        }, PullRequestPlans::row));
    }

    /** The reviews of one workspace in {@code statuses}, newest first. */
    public List<PullRequestPlan> ofWorkspace(String repo, String workspace, Status... statuses) {
        return scope.run("reading the reviews of " + repo + "/" + workspace, c -> Sql.list(c,
                "SELECT " + COLUMNS + " FROM pull_request_plans WHERE repo = ? AND workspace = ? AND status IN ("
                        + placeholders(statuses.length) + ") ORDER BY id DESC", ps -> {
                            ps.setString(1, repo);
                            ps.setString(2, workspace);
                            bindStatuses(ps, 3, statuses);
                        }, PullRequestPlans::row));
    }

    /** The reviews of a workspace that someone asked to apply while another pull request held its lock. */
    public List<PullRequestPlan> waitingToApply(String repo, String workspace) {
        return scope.run("reading the applies waiting for " + repo + "/" + workspace, c -> Sql.list(c,
                "SELECT " + COLUMNS + " FROM pull_request_plans WHERE repo = ? AND workspace = ?"
                        + " AND apply_requested_by IS NOT NULL AND status = ? ORDER BY id", ps -> {
                            ps.setString(1, repo);
                            ps.setString(2, workspace);
                            ps.setString(3, Status.PLANNED.wire());
                        }, PullRequestPlans::row));
    }

    private void update(long id, String assignment, String value) {
        scope.run("updating review " + id, c -> Sql.update(c, "UPDATE pull_request_plans SET " + assignment
                + ", updated_at = ? WHERE id = ?", ps -> {
                    Sql.setString(ps, 1, value);
                    Sql.setInstant(ps, 2, Sql.now(clock));
                    ps.setLong(3, id);
                }));
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(Math.max(n, 1), "?"));
    }

    private static void bindStatuses(java.sql.PreparedStatement ps, int from, Status[] statuses) throws SQLException {
        if (statuses.length == 0) {
            ps.setString(from, "");
        }
        for (int i = 0; i < statuses.length; i++) {
            ps.setString(from + i, statuses[i].wire());
        }
    }

    private static PullRequestPlan row(ResultSet rs) throws SQLException {
        String fmt = rs.getString("fmt_problems");
        return new PullRequestPlan(rs.getLong("id"), rs.getString("repo"), rs.getInt("pr_number"),
                rs.getString("workspace"), rs.getString("head_sha"), Sql.longOrNull(rs, "run_id"),
                Status.parse(rs.getString("status")), fmt == null ? List.of() : Arrays.asList(fmt.split("\n")),
                rs.getString("validation_message"), Sql.longOrNull(rs, "apply_run_id"),
                rs.getString("apply_requested_by"), rs.getString("note"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
