package dev.plumbline.metrics;

import dev.plumbline.fleet.Condition;
import dev.plumbline.fleet.Fleet;
import dev.plumbline.fleet.WorkspaceState;
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
 * scrape tells the same story. Read in a few grouped queries.
 */
record StoreFigures(Map<List<String>, Long> runs, Map<String, Double> runSeconds, Map<String, Long> finished,
        long driftDetected, Map<String, Long> queued, double oldestWaitSeconds, Map<Condition, Long> conditions,
        Map<String, Double> sinceSuccess, Map<List<String>, Long> notifications) {

    static StoreFigures read(Database db, Instant now) {
        List<WorkspaceState> fleet = new Fleet(db).all();
        Map<Condition, Long> conditions = new EnumMap<>(Condition.class);
        Map<String, Double> since = new HashMap<>();
        for (WorkspaceState s : fleet) {
            conditions.merge(s.condition(), 1L, Long::sum);
            if (s.lastSuccessAt() != null) {
                since.put(s.id().toString(), (now.toEpochMilli() - s.lastSuccessAt().toEpochMilli()) / 1000.0);
            }
        }
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true);
            Map<List<String>, Long> runs = new HashMap<>();
            Map<String, Double> seconds = new HashMap<>();
            Map<String, Long> finished = new HashMap<>();
            long[] drifted = {0};
            each(c, "SELECT kind, status, classification, COUNT(*), SUM(total_ms), COUNT(total_ms) FROM runs"
                    + " GROUP BY kind, status, classification", rs -> {
                        String kind = rs.getString(1);
                        String status = rs.getString(2);
                        runs.merge(List.of(kind, status), rs.getLong(4), Long::sum);
                        seconds.merge(kind, rs.getLong(5) / 1000.0, Double::sum);
                        finished.merge(kind, rs.getLong(6), Long::sum);
                        if ("drift_check".equals(kind) && "drifted".equals(rs.getString(3))) {
                            drifted[0] += rs.getLong(4);
                        }
                    });
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
            return new StoreFigures(runs, seconds, finished, drifted[0], queued, wait, conditions, since,
                    notifications);
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
