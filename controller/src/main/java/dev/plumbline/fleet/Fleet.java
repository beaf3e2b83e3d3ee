package dev.plumbline.fleet;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.StoreException;
import dev.plumbline.util.Echo;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fleet read model: every workspace with its current state, read from the store in a handful of queries per
 * page (one for the page and its last checks, one each for what the page's workspaces have in the other tables),
 * whatever the length of their histories; the indexes of migration V14 keep each lookup to one workspace's rows.
 */
public final class Fleet {
    static final String FINISHED = "('" + RunStatus.SUCCEEDED.wire() + "', '" + RunStatus.FAILED.wire() + "', '"
            + RunStatus.INTERRUPTED.wire() + "', '" + RunStatus.CANCELLED.wire() + "')";
    private static final String CHECK = "'" + RunKind.DRIFT_CHECK.wire() + "'";
    private static final String PAGE = """
            SELECT x.id, x.repo, x.name, x.tool, c.id AS check_id, c.status, c.classification, c.finished_at,
                   (SELECT s.finished_at FROM runs s WHERE s.workspace_id = x.id AND s.kind = %1$s
                     AND s.status = 'succeeded' ORDER BY s.id DESC LIMIT 1) AS success_at
            FROM (SELECT w.id, w.repo, w.name, w.tool,
                         (SELECT r.id FROM runs r WHERE r.workspace_id = w.id AND r.kind = %1$s
                           AND r.status IN %2$s ORDER BY r.id DESC LIMIT 1) AS last_id
                  FROM workspaces w WHERE %3$s) x
            LEFT JOIN runs c ON c.id = x.last_id
            WHERE %4$s
            ORDER BY x.repo, x.name LIMIT ?
            """;

    private final Database db;

    public Fleet(Database db) {
        this.db = db;
    }

    /** One page of workspaces with their state; the error of a bad cursor names it. */
    public FleetPage page(FleetQuery query) {
        WorkspaceId after = query.after() == null ? null : decodeCursor(query.after());
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (after != null) {
            where.add("(w.repo > ? OR (w.repo = ? AND w.name > ?))");
            params.addAll(List.of(after.repo(), after.repo(), after.name()));
        }
        if (query.search() != null && !query.search().isBlank()) {
            where.add("LOWER(w.repo || '/' || w.name) LIKE ? ESCAPE '!'");
            params.add("%" + likeEscaped(query.search().strip().toLowerCase(Locale.ROOT)) + "%");
        }
        String sql = String.format(PAGE, CHECK, FINISHED, where.isEmpty() ? "1 = 1" : String.join(" AND ", where),
                conditionClause(query.condition()));
        params.add(query.limit() + 1);
        List<WorkspaceState> states = read("reading the fleet", c -> states(c, sql, params));
        String next = null;
        if (states.size() > query.limit()) {
            states = states.subList(0, query.limit());
            next = cursor(states.get(states.size() - 1).id());
        }
        return new FleetPage(states, next);
    }

    /** One workspace with its state; empty when it is not registered. */
    public Optional<WorkspaceState> find(WorkspaceId id) {
        String sql = String.format(PAGE, CHECK, FINISHED, "w.repo = ? AND w.name = ?", "1 = 1");
        List<WorkspaceState> found = read("reading the state of workspace " + id,
                c -> states(c, sql, List.of(id.repo(), id.name(), 1)));
        return found.stream().findFirst();
    }

    /** Every workspace's state, page by page (the metrics' view of the fleet). */
    public List<WorkspaceState> all() {
        List<WorkspaceState> out = new ArrayList<>();
        String after = null;
        do {
            FleetPage page = page(new FleetQuery(null, null, after, FleetQuery.MAX_LIMIT));
            out.addAll(page.workspaces());
            after = page.next();
        } while (after != null);
        return out;
    }

    /** The cursor after workspace {@code id}: opaque to callers, the workspace's name to this class. */
    public static String cursor(WorkspaceId id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.toString().getBytes(StandardCharsets.UTF_8));
    }

    static WorkspaceId decodeCursor(String cursor) {
        try {
            return WorkspaceId.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor " + Echo.quote(cursor)
                    + ": pass the 'next' value of the previous page");
        }
    }

    private static String conditionClause(Condition condition) {
        if (condition == null) {
            return "1 = 1";
        }
        return switch (condition) {
            case UNCHECKED -> "c.id IS NULL";
            case ERRORED -> "c.id IS NOT NULL AND (c.status <> 'succeeded' OR c.classification IS NULL"
                    + " OR c.classification = 'errored')";
            default -> "c.status = 'succeeded' AND c.classification = '"
                    + Classification.valueOf(condition.name()).wire() + "'";
        };
    }

    private static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private List<WorkspaceState> states(Connection c, String sql, List<Object> params) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        FleetDetails details = FleetDetails.read(c, rows);
        return rows.stream().map(details::state).toList();
    }

    private static Row row(ResultSet rs) throws SQLException {
        WorkspaceId id = new WorkspaceId(rs.getString("repo"), rs.getString("name"));
        long checkId = rs.getLong("check_id");
        LastCheck check = null;
        if (!rs.wasNull()) {
            String classification = rs.getString("classification");
            check = new LastCheck(checkId, RunStatus.parse(rs.getString("status")),
                    classification == null ? null : Classification.parse(classification), instant(rs, "finished_at"));
        }
        return new Row(rs.getLong("id"), id, Tool.parse(rs.getString("tool")), check, instant(rs, "success_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** A workspace of a page as its first query reads it: the rest comes from {@link FleetDetails}. */
    record Row(long key, WorkspaceId id, Tool tool, LastCheck check, Instant successAt) {
        boolean drifted() {
            return check != null && check.status() == RunStatus.SUCCEEDED
                    && check.classification() == Classification.DRIFTED;
        }
    }

    @FunctionalInterface
    interface Reading<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(String doing, Reading<T> work) {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(doing + ": " + e.getMessage(), e);
        }
    }
}
