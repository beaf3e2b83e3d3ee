package dev.plumbline.store;

import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Claiming and giving back {@code queued_work} rows, with the {@code workspace_claims} row that makes a workspace
 * busy for every daemon. Row locks taken with {@code FOR UPDATE SKIP LOCKED} keep two daemons from claiming one
 * row (each skips what the other is claiming, without waiting); the workspace's primary key keeps them from
 * claiming two rows of one workspace.
 */
final class WorkClaims {
    /** Rows looked at per row wanted: several queued rows may be of one workspace. */
    private static final int CANDIDATES_PER_SLOT = 4;

    private WorkClaims() {
    }

    static List<WorkItem> claim(Connection c, String ownerId, int max, Instant now) throws SQLException {
        List<WorkItem> candidates = WorkRows.select(c, "q WHERE q.state = ? AND q.not_before <= ?"
                + " AND NOT EXISTS (SELECT 1 FROM workspace_claims w WHERE w.repo = q.repo"
                + " AND w.workspace = q.workspace)"
                + " ORDER BY q.priority, q.id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED", ps -> {
                    ps.setString(1, WorkState.QUEUED.wire());
                    Sql.setInstant(ps, 2, now);
                    ps.setInt(3, max * CANDIDATES_PER_SLOT + 8);
                });
        List<WorkItem> picked = new ArrayList<>();
        Set<WorkspaceId> busy = new HashSet<>();
        for (WorkItem item : candidates) {
            if (picked.size() < max && busy.add(item.work().workspace())) {
                picked.add(item);
            }
        }
        // Workspaces are taken in one global order, so two daemons waiting on each other's claims cannot deadlock.
        picked.sort(Comparator.comparing((WorkItem i) -> i.work().workspace().toString()));
        List<WorkItem> claimed = new ArrayList<>();
        for (WorkItem item : picked) {
            if (takeWorkspace(c, item, ownerId, now)) {
                markClaimed(c, item.id(), ownerId, now);
                claimed.add(new WorkItem(item.id(), item.work(), WorkState.CLAIMED, ownerId, now, item.runId(),
                        item.createdAt(), null));
            }
        }
        claimed.sort(Comparator.comparingInt((WorkItem i) -> i.work().priority()).thenComparingLong(
                WorkItem::id));
        return claimed;
    }

    /** False when another daemon holds the workspace (it claimed work of it since the rows were read). */
    private static boolean takeWorkspace(Connection c, WorkItem item, String ownerId, Instant now)
            throws SQLException {
        try {
            Sql.undoneOnFailure(c, tx -> Sql.update(tx, "INSERT INTO workspace_claims (repo, workspace, work_id,"
                    + " owner_id, claimed_at) VALUES (?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, item.work().workspace().repo());
                        ps.setString(2, item.work().workspace().name());
                        ps.setLong(3, item.id());
                        ps.setString(4, ownerId);
                        Sql.setInstant(ps, 5, now);
                    }));
            return true;
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private static void markClaimed(Connection c, long workId, String ownerId, Instant now) throws SQLException {
        Sql.update(c, "UPDATE queued_work SET state = ?, waiting_key = NULL, claimed_by = ?, claimed_at = ?"
                + " WHERE id = ?", ps -> {
                    ps.setString(1, WorkState.CLAIMED.wire());
                    ps.setString(2, ownerId);
                    Sql.setInstant(ps, 3, now);
                    ps.setLong(4, workId);
                });
    }

    static void free(Connection c, long workId) throws SQLException {
        Sql.update(c, "DELETE FROM workspace_claims WHERE work_id = ?", ps -> ps.setLong(1, workId));
    }

    static int release(Connection c, String ownerId, Instant now) throws SQLException {
        List<WorkItem> held = WorkRows.select(c, "WHERE state = ? AND claimed_by = ? ORDER BY id FOR UPDATE", ps -> {
            ps.setString(1, WorkState.CLAIMED.wire());
            ps.setString(2, ownerId);
        });
        Sql.update(c, "DELETE FROM workspace_claims WHERE owner_id = ?", ps -> ps.setString(1, ownerId));
        for (WorkItem item : held) {
            Work again = item.work().afterLoss();
            if (again.kind() != item.work().kind()) {
                end(c, item.id(), now);
                QueuedWork.enqueue(c, again, now);
            } else if (!requeue(c, item.id(), again.waitingKey(), now)) {
                end(c, item.id(), now); // the same work was triggered again meanwhile, and that copy waits
            }
        }
        return held.size();
    }

    /** Puts a claimed row back in the queue, due now; false when a waiting copy already holds its key. */
    private static boolean requeue(Connection c, long workId, String waitingKey, Instant now) throws SQLException {
        try {
            Sql.undoneOnFailure(c, tx -> Sql.update(tx, "UPDATE queued_work SET state = ?, waiting_key = ?,"
                    + " claimed_by = NULL, claimed_at = NULL, not_before = ? WHERE id = ?", ps -> {
                        ps.setString(1, WorkState.QUEUED.wire());
                        Sql.setString(ps, 2, waitingKey);
                        Sql.setInstant(ps, 3, now);
                        ps.setLong(4, workId);
                    }));
            return true;
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private static void end(Connection c, long workId, Instant now) throws SQLException {
        Sql.update(c, "UPDATE queued_work SET state = ?, finished_at = ? WHERE id = ?", ps -> {
            ps.setString(1, WorkState.CANCELLED.wire());
            Sql.setInstant(ps, 2, now);
            ps.setLong(3, workId);
        });
    }
}
