package dev.plumbline.store;

import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.DriftResolution;
import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drift per resource and attribute over time ({@link DriftSpan}): each check carries the spans it still sees, opens
 * those it sees first and closes those it no longer sees, saying how they ended. Only drift is kept here, never
 * noise or ignored findings. A workspace's checks are written one at a time: {@link #observe} locks its row.
 */
public final class DriftHistory {
    private static final String COLUMNS = "h.id, w.repo, w.name, h.address, h.attribute_path, h.action,"
            + " h.first_seen_at, h.first_run_id, h.last_seen_at, h.last_run_id, h.checks, h.before_value,"
            + " h.after_value, h.resolved_at, h.resolved_run_id, h.resolution, h.resolved_by_run_id,"
            + " h.resolved_by_commit FROM drift_history h JOIN workspaces w ON w.id = h.workspace_id";
    public static final int MAX_LIST = 10_000;

    private final Scope scope;
    private final Clock clock;

    DriftHistory(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** An open span as a check left it, with how often the same attribute was resolved within the window. */
    public record Seen(DriftSpan span, int recentResolutions) { }

    /**
     * Records what the check {@code runId} (a successful plan of {@code workspace}) saw: {@code drift} holds only
     * findings that are drift. Returns the spans open afterwards, each with the number of spans of the same
     * attribute resolved within {@code flapWindow}.
     */
    public List<Seen> observe(WorkspaceId workspace, long runId, List<DriftFinding> drift, Duration flapWindow) {
        String doing = "recording the drift history of " + workspace + " from run " + runId;
        return scope.run(doing, c -> {
            long ws = lockWorkspace(c, workspace, doing);
            Instant now = Sql.now(clock);
            Map<String, DriftSpan> open = new LinkedHashMap<>();
            for (DriftSpan s : spans(c, " WHERE h.workspace_id = ? AND h.resolved_at IS NULL ORDER BY h.id",
                    ps -> ps.setLong(1, ws))) {
                open.put(s.key(), s);
            }
            Map<String, DriftFinding> seen = new LinkedHashMap<>();
            for (DriftFinding f : drift) {
                seen.putIfAbsent(f.address() + '\u0000' + path(f), f);
            }
            for (Map.Entry<String, DriftFinding> e : seen.entrySet()) {
                DriftSpan span = open.get(e.getKey());
                if (span == null) {
                    insert(c, ws, runId, now, e.getValue());
                } else {
                    carry(c, span.id(), runId, now, e.getValue());
                }
            }
            for (DriftSpan span : open.values()) {
                if (!seen.containsKey(span.key())) {
                    resolve(c, ws, span, runId, now);
                }
            }
            List<Seen> out = new ArrayList<>();
            Instant since = now.minus(flapWindow);
            for (DriftSpan s : spans(c, " WHERE h.workspace_id = ? AND h.resolved_at IS NULL ORDER BY h.id",
                    ps -> ps.setLong(1, ws))) {
                out.add(new Seen(s, resolvedSince(c, ws, s, since)));
            }
            return out;
        });
    }

    /** How many spans of the same attribute as {@code span} were resolved within {@code window} before {@code now}. */
    public int recentResolutions(DriftSpan span, Instant now, Duration window) {
        return scope.run("reading the drift history of " + span.workspace(), c -> resolvedSince(c,
                Workspaces.idOf(c, span.workspace(), "reading the drift history of " + span.workspace()), span,
                now.minus(window)));
    }

    /** Every open span, of every workspace (or one), oldest first: the drift as it stands, without a check. */
    public List<DriftSpan> open(Optional<WorkspaceId> workspace) {
        return scope.run("reading the open drift" + workspace.map(w -> " of " + w).orElse(""), c -> spans(c,
                " WHERE h.resolved_at IS NULL" + (workspace.isPresent() ? " AND w.repo = ? AND w.name = ?" : "")
                        + " ORDER BY w.repo, w.name, h.first_seen_at, h.id", ps -> {
                    if (workspace.isPresent()) {
                        ps.setString(1, workspace.get().repo());
                        ps.setString(2, workspace.get().name());
                    }
                }));
    }

    /** A workspace's spans, open and resolved, newest first; of one resource when {@code address} is given. */
    public List<DriftSpan> of(WorkspaceId workspace, Optional<String> address, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_LIST));
        return scope.run("reading the drift history of " + workspace, c -> spans(c,
                " WHERE w.repo = ? AND w.name = ?" + (address.isPresent() ? " AND h.address = ?" : "")
                        + " ORDER BY h.first_seen_at DESC, h.id DESC LIMIT " + n, ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                    if (address.isPresent()) {
                        ps.setString(3, address.get());
                    }
                }));
    }

    private static long lockWorkspace(Connection c, WorkspaceId workspace, String doing) throws SQLException {
        return Sql.one(c, "SELECT id FROM workspaces WHERE repo = ? AND name = ? FOR UPDATE", ps -> {
            ps.setString(1, workspace.repo());
            ps.setString(2, workspace.name());
        }, rs -> rs.getLong(1)).orElseThrow(() -> new IllegalArgumentException(
                doing + ": workspace " + workspace + " is not registered (Workspaces.ensure registers it)"));
    }

    private static void insert(Connection c, long ws, long runId, Instant now, DriftFinding f) throws SQLException {
        Sql.insert(c, "INSERT INTO drift_history (workspace_id, address, attribute_path, action, first_seen_at,"
                + " first_run_id, last_seen_at, last_run_id, checks, before_value, after_value)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)", ps -> {
                    ps.setLong(1, ws);
                    ps.setString(2, f.address());
                    ps.setString(3, path(f));
                    ps.setString(4, f.action().wire());
                    Sql.setInstant(ps, 5, now);
                    ps.setLong(6, runId);
                    Sql.setInstant(ps, 7, now);
                    ps.setLong(8, runId);
                    Sql.setString(ps, 9, f.before());
                    Sql.setString(ps, 10, f.after());
                });
    }

    private static void carry(Connection c, long id, long runId, Instant now, DriftFinding f) throws SQLException {
        Sql.update(c, "UPDATE drift_history SET last_seen_at = ?, last_run_id = ?, checks = checks + 1,"
                + " action = ?, before_value = ?, after_value = ? WHERE id = ? AND last_run_id < ?", ps -> {
                    Sql.setInstant(ps, 1, now);
                    ps.setLong(2, runId);
                    ps.setString(3, f.action().wire());
                    Sql.setString(ps, 4, f.before());
                    Sql.setString(ps, 5, f.after());
                    ps.setLong(6, id);
                    ps.setLong(7, runId);
                });
    }

    /**
     * Closes a span the check no longer sees. An apply that succeeded after the last check that saw it remediated
     * it when it applied that check's commit, and changed it in Git when it applied another; without an apply, a
     * check at another commit means Git changed, and one at the same commit that the real world went back.
     */
    private static void resolve(Connection c, long ws, DriftSpan span, long runId, Instant now) throws SQLException {
        String seenAt = commitOf(c, span.lastRunId());
        Optional<Applied> apply = Sql.one(c, "SELECT id, commit_sha FROM runs WHERE workspace_id = ?"
                + " AND kind = 'apply' AND status = 'succeeded' AND id > ? AND id < ? ORDER BY id DESC", ps -> {
                    ps.setLong(1, ws);
                    ps.setLong(2, span.lastRunId());
                    ps.setLong(3, runId);
                }, rs -> new Applied(rs.getLong(1), rs.getString(2)));
        String commit = apply.isPresent() ? apply.get().commit() : commitOf(c, runId);
        DriftResolution how = commit != null && !commit.equals(seenAt) ? DriftResolution.CHANGED_IN_GIT
                : apply.isPresent() ? DriftResolution.REMEDIATED : DriftResolution.WENT_BACK;
        Sql.update(c, "UPDATE drift_history SET resolved_at = ?, resolved_run_id = ?, resolution = ?,"
                + " resolved_by_run_id = ?, resolved_by_commit = ? WHERE id = ? AND resolved_at IS NULL", ps -> {
                    Sql.setInstant(ps, 1, now);
                    ps.setLong(2, runId);
                    ps.setString(3, how.wire());
                    Sql.setLong(ps, 4, apply.map(Applied::runId).orElse(null));
                    Sql.setString(ps, 5, how == DriftResolution.CHANGED_IN_GIT ? commit : null);
                    ps.setLong(6, span.id());
                });
    }

    private record Applied(long runId, String commit) { }

    private static String commitOf(Connection c, long runId) throws SQLException {
        return Sql.one(c, "SELECT commit_sha FROM runs WHERE id = ?", ps -> ps.setLong(1, runId),
                rs -> rs.getString(1)).orElse(null);
    }

    private static int resolvedSince(Connection c, long ws, DriftSpan s, Instant since) throws SQLException {
        return Sql.one(c, "SELECT COUNT(*) FROM drift_history WHERE workspace_id = ? AND address = ?"
                + " AND attribute_path = ? AND resolved_at >= ?", ps -> {
                    ps.setLong(1, ws);
                    ps.setString(2, s.address());
                    ps.setString(3, s.attributePath());
                    Sql.setInstant(ps, 4, since);
                }, rs -> rs.getInt(1)).orElse(0);
    }

    private static List<DriftSpan> spans(Connection c, String where, Sql.Params params) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + where, params, DriftHistory::span);
    }

    private static DriftSpan span(ResultSet rs) throws SQLException {
        Instant resolvedAt = Sql.instant(rs, "resolved_at");
        DriftSpan.Resolved resolved = resolvedAt == null ? null : new DriftSpan.Resolved(resolvedAt,
                rs.getLong("resolved_run_id"), DriftResolution.parse(rs.getString("resolution")),
                Sql.longOrNull(rs, "resolved_by_run_id"), rs.getString("resolved_by_commit"));
        return new DriftSpan(rs.getLong("id"), new WorkspaceId(rs.getString("repo"), rs.getString("name")),
                rs.getString("address"), rs.getString("attribute_path"), DriftAction.parse(rs.getString("action")),
                Sql.instant(rs, "first_seen_at"), rs.getLong("first_run_id"), Sql.instant(rs, "last_seen_at"),
                rs.getLong("last_run_id"), rs.getInt("checks"), rs.getString("before_value"),
                rs.getString("after_value"), resolved);
    }

    private static String path(DriftFinding f) {
        return f.attributePath() == null ? "" : f.attributePath();
    }
}
