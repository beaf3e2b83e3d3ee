package dev.plumbline.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** The output of each run, line by line, in the order it was appended. */
public final class RunLogs {
    private final Scope scope;

    RunLogs(Scope scope) {
        this.scope = scope;
    }

    /**
     * Appends lines after those already stored for the run; they are numbered 1, 2, 3... per run. Writers to
     * different runs never wait for each other; writers to the same run take turns on the run's row.
     */
    public void append(long runId, List<LogLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        String doing = "appending " + lines.size() + " log lines to run " + runId;
        scope.run(doing, c -> {
            // Bumping the counter first locks the run's row until commit, so the numbers taken below are ours.
            int bumped = Sql.update(c, "UPDATE runs SET log_lines = log_lines + ? WHERE id = ?", ps -> {
                ps.setInt(1, lines.size());
                ps.setLong(2, runId);
            });
            if (bumped == 0) {
                throw new IllegalArgumentException(doing + ": there is no run " + runId);
            }
            int last = Sql.one(c, "SELECT log_lines FROM runs WHERE id = ?", ps -> ps.setLong(1, runId),
                    rs -> rs.getInt(1)).orElse(0);
            int seq = last - lines.size();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO run_logs (run_id, seq, stream, line, logged_at) VALUES (?, ?, ?, ?, ?)")) {
                for (LogLine line : lines) {
                    ps.setLong(1, runId);
                    ps.setInt(2, ++seq);
                    ps.setString(3, line.stream().wire());
                    ps.setString(4, storable(line.text()));
                    Sql.setInstant(ps, 5, line.at());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** All lines of the run, in order. */
    public List<LogLine> read(long runId) {
        return read(runId, 0);
    }

    /**
     * The lines after the first {@code skip} ones: a reader that already holds n lines asks for the rest with
     * {@code read(runId, n)}, which is how output is followed while a run is going.
     */
    public List<LogLine> read(long runId, int skip) {
        return scope.run("reading the log of run " + runId, c -> Sql.list(c,
                "SELECT stream, line, logged_at FROM run_logs WHERE run_id = ? AND seq > ? ORDER BY seq", ps -> {
                    ps.setLong(1, runId);
                    ps.setInt(2, skip);
                }, rs -> new LogLine(LogStream.parse(rs.getString("stream")), rs.getString("line"),
                        Sql.instant(rs, "logged_at"))));
    }

    /** PostgreSQL refuses NUL in text and a tool's output may hold one; H2 gets the same, so both store alike. */
    private static String storable(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }
}
