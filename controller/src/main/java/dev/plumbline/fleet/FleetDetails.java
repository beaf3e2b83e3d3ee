package dev.plumbline.fleet;

import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a page of the fleet holds beyond its last checks, each read in one query for the whole page: drifted
 * addresses, plans awaiting approval, apply locks, claims and queue positions.
 */
final class FleetDetails {
    private static final String PENDING = """
            SELECT p.workspace_id, COUNT(*) FROM runs p
            WHERE p.workspace_id IN (%s) AND p.kind = 'plan' AND p.status = 'succeeded'
              AND p.classification IN ('changes_pending', 'drifted')
              AND EXISTS (SELECT 1 FROM plans s WHERE s.run_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.run_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM runs a WHERE a.plan_run_id = p.id)
              AND p.id > COALESCE((SELECT MAX(a.id) FROM runs a WHERE a.workspace_id = p.workspace_id
                                     AND a.kind = 'apply' AND a.status = 'succeeded'), 0)
            GROUP BY p.workspace_id
            """;
    private static final String QUEUE = """
            SELECT repo, workspace, MIN(pos) AS pos FROM (
                SELECT repo, workspace, ROW_NUMBER() OVER (ORDER BY priority, id) AS pos
                FROM queued_work WHERE state = 'queued') q
            GROUP BY repo, workspace
            """;

    private final Map<Long, List<String>> addresses;
    private final Map<Long, Integer> pending;
    private final Map<WorkspaceId, Integer> locks;
    private final Map<WorkspaceId, String> claims;
    private final Map<WorkspaceId, Integer> positions;

    private FleetDetails(Map<Long, List<String>> addresses,
            Map<Long, Integer> pending, Map<WorkspaceId, Integer> locks, Map<WorkspaceId, String> claims,
            Map<WorkspaceId, Integer> positions) {
        this.addresses = addresses;
        this.pending = pending;
        this.locks = locks;
        this.claims = claims;
        this.positions = positions;
    }

    static FleetDetails read(Connection c, List<Fleet.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new FleetDetails(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        }
        List<Fleet.Row> drifted = rows.stream().filter(Fleet.Row::drifted).toList();
        return new FleetDetails(addresses(c, drifted), pending(c, rows),
                byWorkspace(c, "SELECT repo, workspace, pr_number FROM workspace_locks", rs -> rs.getInt(3)),
                byWorkspace(c, "SELECT repo, workspace, owner_id FROM workspace_claims", rs -> rs.getString(3)),
                byWorkspace(c, QUEUE, rs -> rs.getInt(3)));
    }

    WorkspaceState state(Fleet.Row row) {
        return new WorkspaceState(row.id(), row.tool(), row.check(), row.successAt(), row.driftedSince(),
                addresses.getOrDefault(row.key(), List.of()), pending.getOrDefault(row.key(), 0),
                locks.get(row.id()), claims.get(row.id()), positions.getOrDefault(row.id(), 0));
    }

    private static Map<Long, List<String>> addresses(Connection c, List<Fleet.Row> drifted) throws SQLException {
        Map<Long, TreeSet<String>> found = new HashMap<>();
        if (drifted.isEmpty()) {
            return Map.of();
        }
        Map<Long, Long> workspaceOfRun = drifted.stream()
                .collect(Collectors.toMap(r -> r.check().runId(), Fleet.Row::key));
        String sql = "SELECT run_id, address FROM drift_findings WHERE disposition = 'drift' AND run_id IN ("
                + marks(drifted.size()) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Long run : workspaceOfRun.keySet()) {
                ps.setLong(i++, run);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.computeIfAbsent(workspaceOfRun.get(rs.getLong(1)), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
        }
        Map<Long, List<String>> out = new HashMap<>();
        found.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    private static Map<Long, Integer> pending(Connection c, List<Fleet.Row> rows) throws SQLException {
        Map<Long, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(String.format(PENDING, marks(rows.size())))) {
            for (int i = 0; i < rows.size(); i++) {
                ps.setLong(i + 1, rows.get(i).key());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Value<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> Map<WorkspaceId, T> byWorkspace(Connection c, String sql, Value<T> value) throws SQLException {
        Map<WorkspaceId, T> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(new WorkspaceId(rs.getString(1), rs.getString(2)), value.read(rs));
            }
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
