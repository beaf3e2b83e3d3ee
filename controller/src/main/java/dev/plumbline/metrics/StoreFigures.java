package dev.plumbline.metrics;

import dev.plumbline.fleet.Condition;
import dev.plumbline.store.Database;
import dev.plumbline.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store says at one moment, for the metrics: counted across every daemon sharing it, so that each daemon's
 * scrape tells the same story. Read in a few grouped queries; runs through {@link RunTally}, which reads each
 * finished run once.
 */
record StoreFigures(Map<List<String>, Long> runs, Map<String, Double> runSeconds, Map<String, Long> finished,
        long driftDetected, Map<String, Long> queued, double oldestWaitSeconds, Map<Condition, Long> conditions,
        Map<String, Double> sinceSuccess, Map<List<String>, Long> notifications) {

    static StoreFigures read(Database db, RunTally tally, Instant now) {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true);
            RunTally.Counts runs = tally.read(c);
            Map<Condition, Long> conditions = new EnumMap<>(Condition.class);
            each(c, "SELECT condition, COUNT(*) FROM workspace_checks GROUP BY condition",
                    rs -> conditions.put(Condition.parse(rs.getString(1)), rs.getLong(2)));
            each(c, "SELECT COUNT(*) FROM workspaces w WHERE NOT EXISTS (SELECT 1 FROM workspace_checks k"
                    + " WHERE k.workspace_id = w.id)", rs -> conditions.put(Condition.UNCHECKED, rs.getLong(1)));
            Map<String, Double> since = new HashMap<>();
            each(c, "SELECT w.repo, w.name, k.last_success_at FROM workspace_checks k JOIN workspaces w"
                    + " ON w.id = k.workspace_id WHERE k.last_success_at IS NOT NULL", rs -> since.put(
                            rs.getString(1) + "/" + rs.getString(2), (now.toEpochMilli()
                                    - rs.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli()) / 1000.0));
            Map<String, Long> queued = new HashMap<>();
            Instant[] oldest = {null};
            each(c, "SELECT kind, COUNT(*), MIN(created_at) FROM queued_work WHERE state = 'queued' GROUP BY kind",
                    rs -> {
                        queued.put(rs.getString(1), rs.getLong(2));
                        Instant at = rs.getObject(3, OffsetDateTime.class).toInstant();
                        oldest[0] = oldest[0] == null || at.isBefore(oldest[0]) ? at : oldest[0];
                    });
            Map<List<String>, Long> notifications = new HashMap<>();
            each(c, "SELECT channel, CASE WHEN delivered_at IS NOT NULL THEN 'delivered' WHEN given_up_at IS NOT NULL"
                    + " THEN 'given_up' ELSE 'pending' END AS state, COUNT(*) FROM notification_outbox"
                    + " GROUP BY channel, CASE WHEN delivered_at IS NOT NULL THEN 'delivered' WHEN given_up_at"
                    + " IS NOT NULL THEN 'given_up' ELSE 'pending' END",
                    rs -> notifications.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3)));
            double wait = oldest[0] == null ? 0 : Math.max(0, (now.toEpochMilli() - oldest[0].toEpochMilli()) / 1000.0);
            return new StoreFigures(runs.runs, runs.seconds, runs.finished, runs.drifted, queued, wait, conditions,
                    since, notifications);
        } catch (SQLException e) {
            throw new StoreException("reading the store's figures for the metrics: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void each(Connection c, String sql, RowReader reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }
}
