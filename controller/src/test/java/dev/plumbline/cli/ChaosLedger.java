package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.testing.TestPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@link ChaosIT} reads back: the daemons' shared store and the workspaces' states, straight from PostgreSQL
 * with SQL, so that what is checked is the rows themselves and not what a store class makes of them.
 */
final class ChaosLedger {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One run as its row says, for the checks that span runs. */
    record RunRow(long id, String workspace, String kind, String trigger, String status, Long planRunId,
            String commit, String owner, Timestamp startedAt, Timestamp finishedAt, Timestamp presumedLostAt) {
        @Override
        public String toString() {
            return "run " + id + " " + workspace + " " + kind + " (" + trigger + ") " + status + " by " + owner
                    + " from " + startedAt + " to " + finishedAt + (planRunId == null ? "" : ", plan " + planRunId)
                    + (presumedLostAt == null ? "" : ", presumed lost at " + presumedLostAt);
        }
    }

    private final TestPostgres.Db store;
    private final TestPostgres.Db states;

    ChaosLedger(TestPostgres.Db store, TestPostgres.Db states) {
        this.store = store;
        this.states = states;
    }

    /** The value in each workspace's state, for those that have one. */
    Map<String, String> appliedValues(List<String> workspaces) throws SQLException {
        Map<String, String> values = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(states.url(), states.user(), states.password())) {
            for (String ws : workspaces) {
                stateOf(c, ChaosWorkspaces.schemaOf(ws)).ifPresent(v -> values.put(ws, v));
            }
        }
        return values;
    }

    private static Optional<String> stateOf(Connection c, String schema) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = 'states'")) {
            exists.setString(1, schema);
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return Optional.empty();
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT data FROM " + schema + ".states WHERE name = 'default'");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            JsonNode value = readJson(rs.getString(1)).at("/outputs/value/value");
            return value.isMissingNode() ? Optional.empty() : Optional.of(value.asText());
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("reading a workspace state: " + e.getMessage(), e);
        }
    }

    /**
     * What still keeps the daemons busy, or will soon: work queued or claimed (retries waiting for their time
     * among it), workspaces claimed, runs not finished, a drift schedule due within five minutes or being fired.
     * Empty when the cluster is at rest.
     */
    List<String> stillBusy() throws SQLException {
        return strings("""
                SELECT 'work ' || id || ' ' || kind || ' of ' || workspace || ' ' || state FROM queued_work
                 WHERE state IN ('queued', 'claimed')
                UNION ALL SELECT 'claim of ' || workspace || ' by ' || owner_id FROM workspace_claims
                UNION ALL SELECT 'run ' || id || ' ' || kind || ' ' || status FROM runs
                 WHERE status IN ('pending', 'running')
                UNION ALL SELECT 'schedule ' || t.trigger_name || ' due at ' || t.next_fire_time
                  FROM qrtz_triggers t JOIN qrtz_cron_triggers c ON c.sched_name = t.sched_name
                   AND c.trigger_name = t.trigger_name AND c.trigger_group = t.trigger_group
                 WHERE t.next_fire_time < ?
                UNION ALL SELECT 'schedule ' || f.trigger_name || ' firing' FROM qrtz_fired_triggers f
                  JOIN qrtz_cron_triggers c ON c.sched_name = f.sched_name AND c.trigger_name = f.trigger_name
                   AND c.trigger_group = f.trigger_group
                """, System.currentTimeMillis() + 5 * 60_000L);
    }

    /**
     * For a failure report: what is still to do, and the work, runs and audit entries of each workspace whose
     * state does not hold the value last pushed to it.
     */
    List<String> explain(Map<String, String> expected) {
        List<String> out = new ArrayList<>();
        try {
            out.addAll(stillBusy());
            Map<String, String> applied = appliedValues(List.copyOf(expected.keySet()));
            for (Map.Entry<String, String> e : expected.entrySet()) {
                if (e.getValue().equals(applied.get(e.getKey()))) {
                    continue;
                }
                out.add(e.getKey() + ": pushed " + e.getValue() + ", state holds " + applied.get(e.getKey()));
                out.addAll(strings("SELECT 'work', id, kind, trigger, attempt, state, claimed_by, run_id, created_at,"
                        + " finished_at FROM queued_work WHERE workspace = ? ORDER BY id", e.getKey()));
                out.addAll(strings("SELECT 'run', r.id, r.kind, r.trigger, r.status, r.commit_sha, r.plan_run_id,"
                        + " r.owner_id, r.started_at, r.finished_at, r.error_message FROM runs r JOIN workspaces w"
                        + " ON w.id = r.workspace_id WHERE w.name = ? ORDER BY r.id", e.getKey()));
                out.addAll(strings("SELECT 'audit', a.at, a.action, a.run_id, a.detail FROM audit_events a"
                        + " JOIN workspaces w ON w.id = a.workspace_id WHERE w.name = ? ORDER BY a.id", e.getKey()));
            }
            out.addAll(strings("SELECT 'head', repo, commit_sha FROM repo_heads"));
        } catch (SQLException e) {
            out.add("reading the store: " + e.getMessage());
        }
        return out;
    }

    List<RunRow> runs() throws SQLException {
        List<RunRow> rows = new ArrayList<>();
        try (Connection c = storeConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT r.id, w.name, r.kind, r.trigger, r.status, r.plan_run_id, r.commit_sha, r.owner_id,
                       r.started_at, r.finished_at, r.presumed_lost_at
                  FROM runs r JOIN workspaces w ON w.id = r.workspace_id ORDER BY r.id""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long plan = rs.getLong(6);
                rows.add(new RunRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.wasNull() ? null : plan, rs.getString(7), rs.getString(8), rs.getTimestamp(9),
                        rs.getTimestamp(10), rs.getTimestamp(11)));
            }
        }
        return rows;
    }

    /** Each row of {@code sql} as its columns joined by spaces. */
    List<String> strings(String sql, Object... parameters) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = storeConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    List<String> columns = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.add(String.valueOf(rs.getObject(i)));
                    }
                    out.add(String.join(" ", columns));
                }
            }
        }
        return out;
    }

    private Connection storeConnection() throws SQLException {
        return DriverManager.getConnection(store.url(), store.user(), store.password());
    }
}
