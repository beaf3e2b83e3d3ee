package dev.plumbline.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of the store counted by kind and status, with their durations and the drift checks that found drift,
 * read incrementally: a finished run never changes, so runs below the oldest unfinished one are counted once and
 * kept; each refresh reads only the runs after that mark. (One exception is let be: a run presumed lost whose
 * process later reports its real end stays counted as interrupted.)
 */
final class RunTally {
    private static final String OPEN = "('pending', 'running')";

    /** Counts of the finished runs up to and including {@link #mark}. */
    private final Counts kept = new Counts();
    private long mark;

    static final class Counts {
        final Map<List<String>, Long> runs = new HashMap<>();
        final Map<String, Double> seconds = new HashMap<>();
        final Map<String, Long> finished = new HashMap<>();
        long drifted;

        Counts copy() {
            Counts c = new Counts();
            c.runs.putAll(runs);
            c.seconds.putAll(seconds);
            c.finished.putAll(finished);
            c.drifted = drifted;
            return c;
        }
    }

    /** The counts now: those kept, the finished runs after the mark, and the unfinished ones. */
    synchronized Counts read(Connection c) throws SQLException {
        Long firstOpen = one(c, "SELECT MIN(id) FROM runs WHERE status IN " + OPEN);
        Long last = one(c, "SELECT MAX(id) FROM runs");
        long max = last == null ? 0 : last;
        long upTo = firstOpen == null ? max : firstOpen - 1;
        if (upTo > mark) {
            add(c, kept, mark, upTo);
            mark = upTo;
        }
        Counts now = kept.copy();
        if (max > mark) {
            add(c, now, mark, max);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, status, COUNT(*) FROM runs WHERE status IN "
                + OPEN + " GROUP BY kind, status"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                now.runs.merge(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3), Long::sum);
            }
        }
        return now;
    }

    /** Adds the finished runs with ids in ({@code after}, {@code upTo}]. */
    private static void add(Connection c, Counts to, long after, long upTo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, status, classification, started_at, finished_at"
                + " FROM runs WHERE id > ? AND id <= ? AND status NOT IN " + OPEN)) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    to.runs.merge(List.of(kind, rs.getString(2)), 1L, Long::sum);
                    OffsetDateTime started = rs.getObject(4, OffsetDateTime.class);
                    OffsetDateTime finished = rs.getObject(5, OffsetDateTime.class);
                    if (started != null && finished != null) {
                        to.seconds.merge(kind, (finished.toInstant().toEpochMilli()
                                - started.toInstant().toEpochMilli()) / 1000.0, Double::sum);
                        to.finished.merge(kind, 1L, Long::sum);
                    }
                    if ("drift_check".equals(kind) && "drifted".equals(rs.getString(3))) {
                        to.drifted++;
                    }
                }
            }
        }
    }

    private static Long one(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        }
    }
}
